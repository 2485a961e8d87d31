package org.inetboot.menu;

import java.util.Map;
import java.util.Optional;

/** Configuration files held in memory, for grammar tests. */
final class Configs {

    private Configs() {}

    static ConfigFiles of(Map<String, String> files) {
        return path -> Optional.ofNullable(files.get(path));
    }
}
