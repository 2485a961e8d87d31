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
            var debs = Files.createDirectories(cache().resolve("debs"));
            try (var found = Files.list(debs)) {
                if (found.noneMatch(p -> p.getFileName().toString().startsWith(image + "_"))) {
                    Processes.run(debs, List.of("apt-get", "download", "-q", image));
                }
            }
            Path deb;
            try (var found = Files.list(debs)) {
                deb = found.filter(p -> p.getFileName().toString().startsWith(image + "_")).findFirst().orElseThrow();
            }
            Files.createDirectories(root);
            Processes.run(root, List.of("dpkg-deb", "-x", deb.toString(), root.toString()));
            Processes.run(root, List.of("depmod", "-b", root.toString(), version));
            Files.writeString(root.resolve(".complete"), version);
        }
        return new DebianKernel(root, version);
    }
}
