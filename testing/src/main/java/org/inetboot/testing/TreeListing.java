package org.inetboot.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Everything below a directory, links not followed: each path's type, mode, modification time,
 * link target and content. Two equal listings taken before and after a command prove that it
 * changed nothing there.
 */
public final class TreeListing {

    private TreeListing() {}

    /** The listing of {@code dir}, leaving out {@code excluded} and what is below it. */
    public static TreeMap<String, String> of(Path dir, Path excluded) throws IOException {
        var listing = new TreeMap<String, String>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (var path : walk.filter(p -> !p.startsWith(excluded)).toList()) {
                listing.put(dir.relativize(path).toString(), describe(path));
            }
        }
        return listing;
    }

    private static String describe(Path path) throws IOException {
        var attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        var what = new StringBuilder()
                .append(
                        attributes.isDirectory()
                                ? "d"
                                : attributes.isSymbolicLink() ? "l" : attributes.isRegularFile() ? "f" : "o")
                .append(' ')
                .append(PosixFilePermissions.toString(attributes.permissions()))
                .append(' ')
                .append(attributes.lastModifiedTime().toMillis());
        if (attributes.isSymbolicLink()) {
            what.append(" -> ").append(Files.readSymbolicLink(path));
        } else if (attributes.isRegularFile()) {
            try (var in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
                what.append(' ').append(IsoFixtures.sha256(in));
            }
        }
        return what.toString();
    }
}
