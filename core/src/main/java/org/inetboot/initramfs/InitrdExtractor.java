package org.inetboot.initramfs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.inetboot.source.Source;

/**
 * Unpacks an initrd into a directory as the kernel unpacks it into its root: archives in order,
 * later entries replacing earlier ones, hard links joined within their archive. Names that are
 * absolute or climb out with ".." are refused, files are never written through a link, and
 * symbolic links are made last, so nothing lands outside the directory. Device nodes, FIFOs and
 * sockets are left to the kernel.
 */
public final class InitrdExtractor {

    private final Path root;
    private final Map<String, Path> linkGroups = new HashMap<>();
    private final List<Symlink> symlinks = new ArrayList<>();
    private final List<Directory> directories = new ArrayList<>();

    private record Symlink(Path path, String target) {}

    private record Directory(Path path, CpioEntry entry) {}

    private InitrdExtractor(Path root) {
        this.root = root;
    }

    /** Unpacks every archive of {@code initrd} into {@code dir}. */
    public static void extract(Source initrd, Path dir) throws IOException {
        Files.createDirectories(dir);
        var extractor = new InitrdExtractor(dir.toRealPath());
        Initrd.walk(initrd, new Initrd.Visitor() {
            @Override
            public void entry(int segment, CpioEntry entry, InputStream data) throws IOException {
                extractor.entry(entry, data);
            }

            @Override
            public void trailer(int segment) {
                extractor.linkGroups.clear();
            }
        });
        extractor.finish();
    }

    private void entry(CpioEntry entry, InputStream data) throws IOException {
        var target = target(entry);
        if (target.equals(root)) {
            return;
        }
        Files.createDirectories(target.getParent());
        if (!target.getParent().toRealPath().startsWith(root)) {
            throw new InitrdFormatException(entry.name() + ": refusing to write outside " + root);
        }
        switch (entry.type()) {
            case "dir" -> {
                Files.createDirectories(target);
                directories.add(new Directory(target, entry));
            }
            case "file" -> file(entry, target, data);
            case "symlink" -> symlinks.add(new Symlink(target, new String(data.readAllBytes(), StandardCharsets.UTF_8)));
            default -> {
                // device nodes, FIFOs and sockets are the kernel's to make
            }
        }
    }

    /**
     * A file, or a hard link to the first of its group in this archive, whose data (carried by one
     * entry of the group) is written in. As in the kernel, an existing regular file is truncated and rewritten
     * in place, so its other hard links see the new content; anything else in the way is removed.
     */
    private void file(CpioEntry entry, Path target, InputStream data) throws IOException {
        var group = entry.ino() + ":" + entry.devMajor() + ":" + entry.devMinor();
        var first = entry.nlink() > 1 ? linkGroups.putIfAbsent(group, target) : null;
        if (first != null || !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(target);
        }
        if (first != null) {
            Files.createLink(target, first);
        }
        var truncate = first == null ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.WRITE;
        try (var out = Files.newOutputStream(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE, truncate,
                LinkOption.NOFOLLOW_LINKS)) {
            data.transferTo(out);
        }
        attributes(target, entry);
    }

    /** Symbolic links, then directories' modes and times, deepest first. */
    private void finish() throws IOException {
        for (var link : symlinks) {
            Files.deleteIfExists(link.path());
            Files.createSymbolicLink(link.path(), Path.of(link.target()));
        }
        for (var dir : directories.reversed()) {
            attributes(dir.path(), dir.entry());
        }
    }

    private Path target(CpioEntry entry) throws InitrdFormatException {
        var name = entry.name();
        var relative = Path.of(name.startsWith("./") ? name.substring(2) : name).normalize();
        if (name.startsWith("/") || relative.startsWith("..")) {
            throw new InitrdFormatException("entry '" + name + "': refusing a name that is absolute or leaves the directory");
        }
        return root.resolve(relative).normalize();
    }

    private static void attributes(Path target, CpioEntry entry) throws IOException {
        var bits = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            bits.append((entry.mode() & (1 << (8 - i))) != 0 ? "rwx".charAt(i % 3) : '-');
        }
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(bits.toString()));
        Files.setLastModifiedTime(target, FileTime.fromMillis(entry.mtime() * 1000));
    }
}
