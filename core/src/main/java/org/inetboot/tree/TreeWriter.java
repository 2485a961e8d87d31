package org.inetboot.tree;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Recreates a tree of entries (an ISO's, an initrd's) under a root directory and never changes
 * anything outside it, whatever the entries say.
 *
 * <p>Entries are applied in order, as the kernel unpacks an initramfs: a later entry replaces an
 * earlier one of the same name, except that a directory which already holds entries is kept and
 * the later non-directory is skipped (the kernel's rmdir fails there too). Unlike the kernel, the
 * writer never goes through a symbolic link: every name is checked before anything is made (no
 * absolute names, no "." or ".." components, no NUL), each parent must be a directory of this tree
 * or a real (not linked) directory already under the root, and an entry below a symbolic link of
 * the tree or of the output directory is refused. Symbolic links are made only at {@link #finish},
 * after every file, and things in the way are unlinked, never followed. New files are written to
 * a temporary file and renamed, so a failure never leaves a partial file; modes and times are set
 * without following links, and directories' modes last, deepest first, so that a read-only
 * directory was writable while it was filled. The root itself is never modified.
 */
public final class TreeWriter {

    /** A file's, directory's or link's mode (permission bits) and modification time (null: now). */
    public record Attributes(int mode, FileTime modified) {}

    /** Writes a file's content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** A regular file written by this writer, to which later hard links may point. */
    public static final class WrittenFile {
        private final Node node;

        private WrittenFile(Node node) {
            this.node = node;
        }
    }

    private enum Kind {
        DIR,
        FILE,
        SYMLINK
    }

    private static final class Node {
        final Kind kind;
        final Attributes attributes;
        final String linkTarget;
        int children;

        Node(Kind kind, Attributes attributes, String linkTarget) {
            this.kind = kind;
            this.attributes = attributes;
            this.linkTarget = linkTarget;
        }
    }

    private final Path root;
    private final Map<String, Node> tree = new HashMap<>();

    private TreeWriter(Path root) {
        this.root = root;
    }

    /** A writer under {@code dir}, which is made if missing. */
    public static TreeWriter under(Path dir) throws IOException {
        Files.createDirectories(dir);
        return new TreeWriter(dir.toRealPath());
    }

    /** A directory; an existing real directory of that name is kept (and takes the attributes). */
    public void directory(String name, Attributes attributes) throws IOException {
        var path = checked(name);
        if (path.isEmpty()) {
            return;
        }
        var existing = tree.get(path);
        if (existing != null && existing.kind == Kind.DIR) {
            replace(path, existing, new Node(Kind.DIR, attributes, null));
            return;
        }
        if (!clear(path, existing, true)) {
            return;
        }
        if (!Files.isDirectory(resolve(path), LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(resolve(path));
        }
        add(path, new Node(Kind.DIR, attributes, null));
    }

    /**
     * A regular file with {@code content}; null when a directory with entries holds the name. A
     * file of this tree already there is rewritten in place, as the kernel does, so that its hard
     * links see the new content; any other file is written to a temporary file and renamed.
     */
    public WrittenFile file(String name, Attributes attributes, Content content) throws IOException {
        var path = checked(name);
        var existing = tree.get(path);
        if (existing != null && existing.kind == Kind.FILE) {
            writeInPlace(resolve(path), attributes, content, StandardOpenOption.TRUNCATE_EXISTING);
            return new WrittenFile(existing);
        }
        if (path.isEmpty() || !clear(path, existing, false)) {
            return null;
        }
        var target = resolve(path);
        var temp = Files.createTempFile(target.getParent(), ".inetboot-", ".part");
        try {
            writeInPlace(temp, attributes, content, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        var node = new Node(Kind.FILE, attributes, null);
        add(path, node);
        return new WrittenFile(node);
    }

    /**
     * A hard link to {@code first} with {@code content} written through it (so the whole group
     * sees it, as in the kernel); false when {@code first} no longer holds its name in the tree.
     */
    public boolean link(String name, String firstName, WrittenFile first, Attributes attributes, Content content)
            throws IOException {
        var path = checked(name);
        var firstPath = checked(firstName);
        if (path.equals(firstPath) || tree.get(firstPath) != first.node) {
            return false;
        }
        var existing = tree.get(path);
        if (path.isEmpty() || !clear(path, existing, false)) {
            return true;
        }
        var target = resolve(path);
        Files.createLink(target, resolve(firstPath));
        writeInPlace(target, attributes, content, StandardOpenOption.WRITE);
        add(path, new Node(Kind.FILE, attributes, null));
        return true;
    }

    /** A symbolic link, made at {@link #finish}; nothing is ever written through it. */
    public void symlink(String name, String target) throws IOException {
        var path = checked(name);
        var existing = tree.get(path);
        if (!path.isEmpty() && clear(path, existing, false)) {
            add(path, new Node(Kind.SYMLINK, null, target));
        }
    }

    /** Makes the symbolic links, then sets directories' modes and times, deepest first. */
    public void finish() throws IOException {
        for (var entry : tree.entrySet()) {
            if (entry.getValue().kind == Kind.SYMLINK) {
                var link = resolve(entry.getKey());
                Files.deleteIfExists(link);
                Files.createSymbolicLink(link, Path.of(entry.getValue().linkTarget));
            }
        }
        var directories = tree.entrySet().stream()
                .filter(e -> e.getValue().kind == Kind.DIR && e.getValue().attributes != null)
                .sorted(Comparator.comparingInt((Map.Entry<String, Node> e) -> depth(e.getKey()))
                        .reversed())
                .toList();
        for (var dir : directories) {
            setAttributes(resolve(dir.getKey()), dir.getValue().attributes);
        }
    }

    /**
     * The name as a relative path of checked components ("" for the root), its parents made or
     * verified as directories; throws before anything is made when the name is unsafe.
     */
    private String checked(String name) throws IOException {
        var path = new StringBuilder();
        var components = name.split("/", -1);
        int last = components.length - 1;
        while (last >= 0 && components[last].isEmpty()) {
            last--;
        }
        if (name.indexOf('\0') >= 0 || name.startsWith("/")) {
            throw unsafe(name, "an absolute name or one with a NUL byte");
        }
        for (int i = 0; i <= last; i++) {
            var component = components[i];
            if (component.isEmpty() || component.equals(".") && i == 0) {
                continue;
            }
            if (component.equals(".") || component.equals("..")) {
                throw unsafe(name, "a '" + component + "' component");
            }
            path.append(path.isEmpty() ? "" : "/").append(component);
        }
        ensureParents(name, path.toString());
        return path.toString();
    }

    /**
     * Makes sure every parent of {@code path} is a real directory of the tree: all are checked
     * first, then the missing ones are made.
     */
    private void ensureParents(String name, String path) throws IOException {
        var missing = new ArrayList<String>();
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            var parent = path.substring(0, slash);
            var node = tree.get(parent);
            var onDisk = node == null ? attributes(resolve(parent)) : null;
            if (node != null && node.kind != Kind.DIR) {
                throw unsafe(name, "'" + parent + "' is " + (node.kind == Kind.SYMLINK ? "a symbolic link" : "a file"));
            } else if (onDisk != null && !onDisk.isDirectory()) {
                throw unsafe(name, "'" + parent + "' in the output directory is not a directory");
            } else if (node == null) {
                missing.add(parent);
            }
        }
        for (var parent : missing) {
            if (attributes(resolve(parent)) == null) {
                Files.createDirectory(resolve(parent));
            }
            add(parent, new Node(Kind.DIR, null, null));
        }
    }

    /**
     * Clears the way for a new entry at {@code path}: false when a directory with entries holds
     * it (the new entry is skipped); otherwise whatever is there is removed, unless it is a
     * directory and {@code forDirectory}.
     */
    private boolean clear(String path, Node existing, boolean forDirectory) throws IOException {
        if (existing != null && existing.kind == Kind.DIR && existing.children > 0) {
            return false;
        }
        var onDisk = attributes(resolve(path));
        if (onDisk != null && !(forDirectory && onDisk.isDirectory())) {
            try {
                Files.delete(resolve(path));
            } catch (DirectoryNotEmptyException e) {
                return false;
            }
        }
        if (existing != null) {
            remove(path);
        }
        return true;
    }

    private void add(String path, Node node) {
        if (tree.put(path, node) == null) {
            var parent = parentOf(path);
            if (parent != null) {
                tree.get(parent).children++;
            }
        }
    }

    private void replace(String path, Node old, Node node) {
        node.children = old.children;
        tree.put(path, node);
    }

    private void remove(String path) {
        tree.remove(path);
        var parent = parentOf(path);
        if (parent != null) {
            tree.get(parent).children--;
        }
    }

    private Path resolve(String path) {
        return path.isEmpty() ? root : root.resolve(path);
    }

    private IOException unsafe(String name, String why) {
        return new UnsafeEntryException("'" + name + "': refusing to write outside " + root + ": " + why);
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? null : path.substring(0, slash);
    }

    private static int depth(String path) {
        return (int) path.chars().filter(c -> c == '/').count();
    }

    private static BasicFileAttributes attributes(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Writes through {@code open} (never following a link), then sets the attributes. */
    private static void writeInPlace(Path file, Attributes attributes, Content content, StandardOpenOption open)
            throws IOException {
        try (var out = Files.newOutputStream(file, StandardOpenOption.WRITE, open, LinkOption.NOFOLLOW_LINKS)) {
            content.writeTo(out);
        }
        setAttributes(file, attributes);
    }

    private static void setAttributes(Path path, Attributes attributes) throws IOException {
        Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setPermissions(permissions(attributes.mode()));
        if (attributes.modified() != null) {
            Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(attributes.modified(), null, null);
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        var permissions = EnumSet.noneOf(PosixFilePermission.class);
        var all = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE, highest bit first
        for (int i = 0; i < all.length; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                permissions.add(all[i]);
            }
        }
        return permissions;
    }
}
