package org.inetboot.host;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;

/** Staging directories: filled, measured, and removed whole once an image is written; cache entries published. */
public final class Trees {

    /** Marks a published cache entry; a directory without it is a leftover of an interrupted build. */
    private static final String COMPLETE = ".complete";

    private Trees() {}

    /** Fills a directory. */
    @FunctionalInterface
    public interface Filler {
        void fill(Path dir) throws IOException;
    }

    /**
     * The cache entry {@code dir}, made by {@code filler} unless it is complete already. Safe when
     * other processes make the same entry at the same time: each fills a private directory beside
     * it and publishes it by an atomic rename; whoever comes second drops its copy. Nothing ever
     * sees a half-made entry.
     */
    public static Path published(Path dir, Filler filler) throws IOException {
        if (Files.exists(dir.resolve(COMPLETE))) {
            return dir;
        }
        Files.createDirectories(dir.getParent());
        var temp = Files.createTempDirectory(dir.getParent(), "." + dir.getFileName() + ".");
        try {
            filler.fill(temp);
            Files.writeString(temp.resolve(COMPLETE), "");
            if (Files.exists(dir) && !Files.exists(dir.resolve(COMPLETE))) {
                delete(dir); // left by a build that was interrupted before this layout
            }
            Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileSystemException e) {
            if (!Files.exists(dir.resolve(COMPLETE))) {
                throw e;
            } // another process published it first
        } finally {
            if (Files.exists(temp)) {
                delete(temp);
            }
        }
        return dir;
    }

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

    /** Writes {@code text} as an executable file, making its directory. */
    public static void executable(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Copies a file with its attributes, making the directory it goes to. */
    public static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    }

    /** Copies a tree, links as links. */
    public static void copyTree(Path from, Path to) throws IOException {
        try (var walk = Files.walk(from)) {
            for (var source : walk.toList()) {
                var target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(
                            source,
                            target,
                            StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.COPY_ATTRIBUTES,
                            LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
    }
}
