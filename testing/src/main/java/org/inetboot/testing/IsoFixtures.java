package org.inetboot.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.inetboot.host.Processes;

/**
 * ISO images made by the real tools (xorriso, genisoimage) from a tree with every kind of node,
 * and what independent readers (bsdtar, xorriso) extract from them, as comparable snapshots.
 */
public final class IsoFixtures {

    private IsoFixtures() {}

    /** One node of a tree as every reader can tell it: type, size (files), link target, content hash. */
    public record Node(String type, long size, String target, String sha256) {}

    /** A tree with files, empty and compressible ones, symbolic links of every form, long names, a FIFO and a device. */
    public static Path sourceTree(Path root) throws IOException {
        Files.createDirectories(root.resolve("boot/grub"));
        Files.writeString(
                root.resolve("boot/grub/grub.cfg"), "menuentry 'Live' {\n  linux /live/vmlinuz boot=live\n}\n");
        Files.write(root.resolve("boot/vmlinuz"), SampleFiles.bytes(1 << 20, 61));
        Files.createDirectories(root.resolve("data"));
        Files.write(root.resolve("data/random.bin"), SampleFiles.bytes(3 * 65536 + 1234, 62));
        Files.writeString(root.resolve("data/text.txt"), "the same line of text, again and again\n".repeat(20_000));
        Files.write(root.resolve("data/empty.bin"), new byte[0]);
        Files.writeString(root.resolve("data/secret.txt"), "not for others");
        Files.setPosixFilePermissions(root.resolve("data/secret.txt"), PosixFilePermissions.fromString("rw-------"));
        Files.createDirectories(
                root.resolve("private"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
        Files.setPosixFilePermissions(root.resolve("private"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.writeString(
                root.resolve("A long file name, with spaces and punctuation, that needs Rock Ridge or Joliet.txt"),
                "long");
        Files.writeString(root.resolve("n".repeat(200) + ".txt"), "two hundred");
        Files.writeString(root.resolve("MixedCase.Name"), "case");
        Files.createDirectories(root.resolve("links"));
        Files.createSymbolicLink(root.resolve("links/absolute"), Path.of("/boot/vmlinuz"));
        Files.createSymbolicLink(root.resolve("links/relative"), Path.of("../boot/grub/grub.cfg"));
        Files.createSymbolicLink(root.resolve("links/dot"), Path.of("./relative"));
        Files.createSymbolicLink(root.resolve("links/up"), Path.of(".."));
        Files.createSymbolicLink(root.resolve("links/long"), Path.of(("component" + "/").repeat(40) + "end"));
        Files.createDirectories(root.resolve("special"));
        Processes.run(root, List.of("mkfifo", "special/fifo"));
        if ("root".equals(System.getProperty("user.name"))) {
            Processes.run(root, List.of("mknod", "special/null", "c", "1", "3"));
        }
        return root;
    }

    /** A chain of ten nested directories: deeper than ISO 9660's eight levels, so mkisofs relocates. */
    public static Path deepTree(Path root) throws IOException {
        var deep = root.resolve("d1/d2/d3/d4/d5/d6/d7/d8/d9/d10");
        Files.createDirectories(deep);
        Files.writeString(deep.resolve("deep.txt"), "ten levels down");
        Files.writeString(root.resolve("d1/d2/d3/d4/d5/d6/d7/d8/d9/sibling.txt"), "nine levels down");
        return root;
    }

    /** {@code xorriso -as mkisofs ARGS -o OUT TREE}. */
    public static Path xorriso(Path out, Path tree, String... args) throws IOException {
        var command = new ArrayList<>(List.of("xorriso", "-as", "mkisofs", "-quiet"));
        command.addAll(List.of(args));
        command.addAll(List.of("-o", out.toString(), tree.toString()));
        Processes.run(out.getParent(), command);
        return out;
    }

    /** {@code genisoimage ARGS -o OUT TREE}. */
    public static Path genisoimage(Path out, Path tree, String... args) throws IOException {
        var command = new ArrayList<>(List.of("genisoimage", "-quiet"));
        command.addAll(List.of(args));
        command.addAll(List.of("-o", out.toString(), tree.toString()));
        Processes.run(out.getParent(), command);
        return out;
    }

    /** A Rock Ridge image whose regular files are zisofs-compressed, with xorriso's own filter. */
    public static Path zisofs(Path out, Path tree) throws IOException {
        Processes.run(
                out.getParent(),
                List.of(
                        "xorriso",
                        "-outdev",
                        out.toString(),
                        "-map",
                        tree.toString(),
                        "/",
                        "-find",
                        "/",
                        "-type",
                        "f",
                        "-exec",
                        "set_filter",
                        "--zisofs",
                        "--",
                        "-commit"));
        return out;
    }

    /** What bsdtar (libarchive) extracts from an image. */
    public static Map<String, Node> bsdtar(Path iso, Path dir) throws IOException {
        Files.createDirectories(dir);
        Processes.run(dir, List.of("bsdtar", "-xf", iso.toString(), "-C", dir.toString()));
        return snapshot(dir);
    }

    /** What xorriso extracts from an image (with Rock Ridge, as it reads it). */
    public static Map<String, Node> xorrisoExtract(Path iso, Path dir) throws IOException {
        Processes.run(
                dir.getParent(),
                List.of("xorriso", "-osirrox", "on", "-indev", iso.toString(), "-extract", "/", dir.toString()));
        return snapshot(dir);
    }

    /** Every node below {@code root}, keyed by its absolute path as seen from {@code root}. */
    public static Map<String, Node> snapshot(Path root) throws IOException {
        var nodes = new TreeMap<String, Node>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (var path : walk.filter(p -> !p.equals(root)).toList()) {
                nodes.put("/" + root.relativize(path), node(path));
            }
        }
        return nodes;
    }

    private static Node node(Path path) throws IOException {
        if (Files.isSymbolicLink(path)) {
            return new Node("symlink", 0, Files.readSymbolicLink(path).toString(), null);
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return new Node("dir", 0, null, null);
        }
        if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            try (var in = Files.newInputStream(path)) {
                return new Node("file", Files.size(path), null, sha256(in));
            }
        }
        return new Node("other", 0, null, null);
    }

    public static String sha256(InputStream in) throws IOException {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            var buffer = new byte[1 << 20];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
