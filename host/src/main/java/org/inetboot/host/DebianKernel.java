package org.inetboot.host;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's current amd64 kernel (the package linux-image-amd64 depends on), unpacked once with
 * depmod run on it, as a {@link DebianPackages} entry: what the media are built with and what the
 * tests boot.
 *
 * @param root    the unpacked package: {@code boot/vmlinuz-VERSION}, {@code lib/modules/VERSION}
 * @param version its release, e.g. "6.1.0-56-amd64"
 */
public record DebianKernel(Path root, String version) {

    private static DebianKernel inUserCache;

    /** The kernel, unpacked in the user's cache. */
    public static synchronized DebianKernel get() throws IOException {
        if (inUserCache == null) {
            inUserCache = unpack(DebianPackages.inUserCache());
        }
        return inUserCache;
    }

    public static DebianKernel unpack(DebianPackages packages) throws IOException {
        var name = Processes.run(Path.of("/"), List.of("apt-cache", "depends", "linux-image-amd64"))
                .lines()
                .map(String::strip)
                .filter(line -> line.startsWith("Depends: linux-image-"))
                .map(line -> line.substring("Depends: ".length()))
                .findFirst()
                .orElseThrow(() -> new IOException("apt knows no linux-image-amd64 (is apt-get update done?)"));
        var version = name.substring("linux-image-".length()).replaceFirst("-unsigned$", "");
        var root = packages.unpack(name, dir -> Processes.run(dir, List.of("depmod", "-b", dir.toString(), version)));
        return new DebianKernel(root, version);
    }

    /** Its bzImage. */
    public Path vmlinuz() {
        return root.resolve("boot/vmlinuz-" + version);
    }

    /** Its module directory. */
    public Path modules() {
        return root.resolve("lib/modules/" + version);
    }
}
