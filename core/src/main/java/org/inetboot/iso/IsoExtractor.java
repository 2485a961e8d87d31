package org.inetboot.iso;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.function.Consumer;
import org.inetboot.source.Source;
import org.inetboot.tree.TreeWriter;

/**
 * Recreates paths of an image in a directory, with their symlinks, modes and times, through a
 * {@link TreeWriter} (as {@link org.inetboot.initramfs.InitrdExtractor} does for initrds), so
 * nothing lands outside the directory or goes through a link. Device nodes and FIFOs are skipped.
 */
public final class IsoExtractor {

    /** How a file's bytes reach its output (the command line shows progress on the way). */
    @FunctionalInterface
    public interface Copier {
        void copy(Source content, OutputStream out, String path) throws IOException;
    }

    private IsoExtractor() {}

    /**
     * Extracts each of {@code paths} (a file, or a directory with all below it); {@code skipped}
     * hears of what is not extracted.
     */
    public static void extract(IsoImage iso, List<String> paths, Path dir, Copier copier, Consumer<String> skipped)
            throws IOException {
        var tree = TreeWriter.under(dir);
        for (var path : paths) {
            iso.walk(iso.lookup(path, false), entry -> write(iso, entry, tree, copier, skipped));
        }
        tree.finish();
    }

    private static void write(IsoImage iso, IsoEntry entry, TreeWriter tree, Copier copier, Consumer<String> skipped)
            throws IOException {
        var name = entry.path().substring(1);
        var attributes = new TreeWriter.Attributes(
                entry.mode() != null ? entry.mode() : entry.isDirectory() ? 0755 : 0644,
                entry.modified() == null ? null : FileTime.from(entry.modified()));
        switch (entry.type()) {
            case DIR -> tree.directory(name, attributes);
            case FILE -> {
                var content = iso.open(entry);
                tree.file(name, attributes, out -> copier.copy(content, out, entry.path()));
            }
            case SYMLINK -> tree.symlink(name, entry.target());
            case OTHER -> skipped.accept(entry.path());
        }
    }
}
