package org.inetboot.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Staging directories: measured, and removed whole once an image is written. */
public final class Trees {

    private Trees() {}

    /** The bytes of the regular files under {@code dir}. */
    public static long size(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            long total = 0;
            for (var path : walk.filter(Files::isRegularFile).toList()) {
                total += Files.size(path);
            }
            return total;
        }
    }

    public static void delete(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (var path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
