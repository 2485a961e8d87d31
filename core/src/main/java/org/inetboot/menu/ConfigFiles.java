package org.inetboot.menu;

import java.io.IOException;
import java.util.Optional;

/** Where boot-loader configuration files are read from: an ISO image, or text in a test. */
@FunctionalInterface
public interface ConfigFiles {

    /** The text of the file at an absolute path, or empty when there is none. */
    Optional<String> read(String path) throws IOException;
}
