package org.inetboot.media;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.inetboot.agent.Commands;

/**
 * Debian's current kernel (the package linux-image-amd64 points to), unpacked and depmod'ed.
 *
 * @param image   its bzImage
 * @param modules its module directory, {@code lib/modules/VERSION}
 * @param version its release
 */
record DebianKernelPackage(Path image, Path modules, String version) {

    static DebianKernelPackage unpack(DebianPackages packages) throws IOException {
        var name = Commands.run(Path.of("/"), List.of("apt-cache", "depends", "linux-image-amd64")).lines().map(String::strip)
                .filter(line -> line.startsWith("Depends: linux-image-")).map(line -> line.substring("Depends: ".length()))
                .findFirst().orElseThrow(() -> new IOException("apt knows no linux-image-amd64 (is apt-get update done?)"));
        var version = name.substring("linux-image-".length());
        var tree = packages.unpack(name, dir -> Commands.run(dir, List.of("depmod", "-b", dir.toString(), version)));
        return new DebianKernelPackage(tree.resolve("boot/vmlinuz-" + version), tree.resolve("lib/modules/" + version), version);
    }
}
