package org.inetboot.initramfs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import org.inetboot.source.Source;
import org.inetboot.tree.TreeWriter;

/**
 * Unpacks an initrd into a directory as the kernel unpacks it into its root: archives in order,
 * later entries replacing earlier ones, hard links joined within their archive. Everything is
 * written through a {@link TreeWriter}, so no entry lands outside the directory or goes through a
 * link. Device nodes, FIFOs and sockets are left to the kernel.
 */
public final class InitrdExtractor {

    /** The kernel's PATH_MAX: a longer symbolic link target is not a link the kernel would make. */
    private static final int MAX_LINK_TARGET = 4096;

    private final TreeWriter tree;
    private final Map<String, Linked> linkGroups = new HashMap<>();

    private record Linked(String name, TreeWriter.WrittenFile file) {}

    private InitrdExtractor(TreeWriter tree) {
        this.tree = tree;
    }

    /** Unpacks every archive of {@code initrd} into {@code dir}. */
    public static void extract(Source initrd, Path dir) throws IOException {
        var extractor = new InitrdExtractor(TreeWriter.under(dir));
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
        extractor.tree.finish();
    }

    private void entry(CpioEntry entry, InputStream data) throws IOException {
        var attributes = new TreeWriter.Attributes(entry.mode(), FileTime.fromMillis(entry.mtime() * 1000));
        switch (entry.type()) {
            case "dir" -> tree.directory(entry.name(), attributes);
            case "file" -> file(entry, attributes, data);
            case "symlink" -> tree.symlink(entry.name(), linkTarget(entry, data));
            default -> {
                // device nodes, FIFOs and sockets are the kernel's to make
            }
        }
    }

    /** A file, or a hard link to the first of its group in this archive, whose data one entry of the group carries. */
    private void file(CpioEntry entry, TreeWriter.Attributes attributes, InputStream data) throws IOException {
        var group = entry.nlink() > 1 ? entry.ino() + ":" + entry.devMajor() + ":" + entry.devMinor() : null;
        var first = group == null ? null : linkGroups.get(group);
        if (first != null && tree.link(entry.name(), first.name(), first.file(), attributes, data::transferTo)) {
            return;
        }
        var written = tree.file(entry.name(), attributes, data::transferTo);
        if (group != null && written != null) {
            linkGroups.put(group, new Linked(entry.name(), written));
        }
    }

    private static String linkTarget(CpioEntry entry, InputStream data) throws IOException {
        if (entry.size() > MAX_LINK_TARGET) {
            throw new InitrdFormatException("entry '" + entry.name() + "': a symbolic link target of " + entry.size()
                    + " bytes (the kernel takes at most " + MAX_LINK_TARGET + ")");
        }
        return new String(data.readAllBytes(), StandardCharsets.UTF_8);
    }
}
