package org.inetboot.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's current amd64 kernel package (the one linux-image-amd64 depends on), downloaded with
 * apt once and unpacked with depmod run on it, in a cache outside the repository
 * ({@code $XDG_CACHE_HOME/inetboot} or {@code ~/.cache/inetboot}).
 *
 * @param root    the unpacked package: {@code boot/vmlinuz-VERSION}, {@code lib/modules/VERSION}
 * @param version e.g. "6.1.0-56-amd64"
 */
public record DebianKernel(Path root, String version) {

    private static DebianKernel unpacked;

    public static synchronized DebianKernel get() throws IOException {
        if (unpacked == null) {
            unpacked = unpack();
        }
        return unpacked;
    }

    public Path vmlinuz() {
        return root.resolve("boot/vmlinuz-" + version);
    }

    public Path modules() {
        return root.resolve("lib/modules/" + version);
    }

    public static Path cache() {
        var base = System.getenv("XDG_CACHE_HOME");
        return (base != null ? Path.of(base) : Path.of(System.getProperty("user.home"), ".cache")).resolve("inetboot");
    }

    private static DebianKernel unpack() throws IOException {
        var depends = Processes.run(Path.of("/"), List.of("apt-cache", "depends", "linux-image-amd64"));
        var image = depends.lines().map(String::strip).filter(l -> l.startsWith("Depends: linux-image-"))
                .map(l -> l.substring("Depends: ".length())).findFirst()
                .orElseThrow(() -> new IOException("apt knows no linux-image-amd64 (run apt-get update)"));
        var version = image.substring("linux-image-".length()).replaceFirst("-unsigned$", "");
        var root = cache().resolve("kernel/" + version);
        if (!Files.exists(root.resolve(".complete"))) {
            // made privately, then renamed into place: a benchmark and a test may unpack it at once
            Files.createDirectories(root.getParent());
            var work = Files.createTempDirectory(root.getParent(), "." + version + ".");
            try {
                Processes.run(work, List.of("apt-get", "download", "-q", image));
                var tree = Files.createDirectories(work.resolve("tree"));
                try (var debs = Files.list(work)) {
                    var deb = debs.filter(p -> p.toString().endsWith(".deb")).findFirst().orElseThrow();
                    Processes.run(tree, List.of("dpkg-deb", "-x", deb.toString(), tree.toString()));
                }
                Processes.run(tree, List.of("depmod", "-b", tree.toString(), version));
                Files.writeString(tree.resolve(".complete"), version);
                if (Files.exists(root) && !Files.exists(root.resolve(".complete"))) {
                    Processes.run(work, List.of("rm", "-rf", root.toString())); // an interrupted unpack's leftovers
                }
                Files.move(tree, root, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileSystemException e) {
                if (!Files.exists(root.resolve(".complete"))) {
                    throw e;
                } // another process was first
            } finally {
                Processes.run(work.getParent(), List.of("rm", "-rf", work.toString()));
            }
        }
        return new DebianKernel(root, version);
    }
}
