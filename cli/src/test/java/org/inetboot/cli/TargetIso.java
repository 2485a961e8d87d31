package org.inetboot.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.inetboot.initramfs.Compression;
import org.inetboot.initramfs.Overlay;
import org.inetboot.media.DebianPackages;
import org.inetboot.testing.IsoFixtures;

/**
 * A target for stage 1: an ISO whose isolinux menu boots Debian's kernel with a tiny busybox
 * initrd that prints {@code INETBOOT-TARGET cmdline=[...]} and {@code INETBOOT-TARGET plan=[...]}
 * (the plan only InetBoot's appended archive holds), then powers off.
 */
final class TargetIso {

    static final String APPEND = "console=ttyS0 target-marker";

    private TargetIso() {}

    static Path write(DebianPackages packages, Path kernel, Path dir, Path iso) throws IOException {
        var tree = Files.createDirectories(dir.resolve("boot"));
        Files.copy(kernel, tree.resolve("vmlinuz"));
        var init = """
                #!/bin/busybox sh
                /bin/busybox mkdir -p /proc
                /bin/busybox mount -t proc proc /proc
                echo "INETBOOT-TARGET cmdline=[$(/bin/busybox cat /proc/cmdline)]"
                echo "INETBOOT-TARGET plan=[$(/bin/busybox cat /inetboot/plan.json)]"
                /bin/busybox poweroff -f
                """;
        try (var out = new BufferedOutputStream(Files.newOutputStream(tree.resolve("initrd.img")))) {
            Overlay.write(List.of(Overlay.Item.directory("bin", 0755),
                    Overlay.Item.file("bin/busybox", 0755, Files.readAllBytes(packages.unpack("busybox-static").resolve("bin/busybox"))),
                    Overlay.Item.file("init", 0755, init.getBytes())), Compression.GZIP, out);
        }
        var isolinux = Files.createDirectories(dir.resolve("isolinux"));
        Files.writeString(isolinux.resolve("isolinux.cfg"),
                "DEFAULT target\nLABEL target\n  KERNEL /boot/vmlinuz\n  APPEND initrd=/boot/initrd.img " + APPEND + "\n");
        return IsoFixtures.xorriso(iso, dir, "-R");
    }
}
