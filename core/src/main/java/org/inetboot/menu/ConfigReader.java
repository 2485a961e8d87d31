package org.inetboot.menu;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Reads configuration files for a parser: bounded in size and number, refusing include loops,
 * and turning every problem into a warning so the rest of the menu is still read.
 */
final class ConfigReader {

    static final int MAX_FILE_BYTES = 1 << 20;
    private static final int MAX_FILES = 128;
    private static final int MAX_NESTING = 16;

    private final ConfigFiles files;
    private final LinkedHashSet<String> open = new LinkedHashSet<>();
    private final List<String> warnings = new ArrayList<>();
    private int opened;

    ConfigReader(ConfigFiles files) {
        this.files = files;
    }

    /** The text of {@code path}, entered as the innermost open file; empty (with a warning) when it cannot be. */
    Optional<String> enter(String path, String from) {
        if (open.contains(path)) {
            warn(from, "include loop: " + String.join(" -> ", open) + " -> " + path);
            return Optional.empty();
        }
        if (open.size() >= MAX_NESTING || ++opened > MAX_FILES) {
            warn(from, "too many nested or included files at " + path);
            return Optional.empty();
        }
        try {
            var text = files.read(path);
            if (text.isEmpty()) {
                warn(from, "no such file " + path);
            } else if (text.get().length() > MAX_FILE_BYTES) {
                warn(from, path + " is larger than " + MAX_FILE_BYTES + " bytes; not read");
                return Optional.empty();
            } else if (text.get().indexOf('\0') >= 0) {
                warn(from, path + " is binary, not a configuration file; not read");
                return Optional.empty();
            } else {
                open.add(path);
            }
            return text;
        } catch (IOException e) {
            warn(from, "cannot read " + path + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Whether a file exists, without entering it or warning. */
    boolean exists(String path) {
        try {
            return files.read(path).isPresent();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    void leave(String path) {
        open.remove(path);
    }

    void warn(String where, String problem) {
        warnings.add(where + ": " + problem);
    }

    List<String> warnings() {
        return warnings;
    }
}
