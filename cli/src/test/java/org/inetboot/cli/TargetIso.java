package org.inetboot.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.inetboot.host.DebianPackages;
import org.inetboot.initramfs.Compression;
import org.inetboot.initramfs.Overlay;
import org.inetboot.testing.IsoFixtures;

/**
 * A target for stage 1: an ISO whose isolinux menu (two entries) boots Debian's kernel with a tiny busybox
 * initrd that prints {@code INETBOOT-TARGET} lines: its command line, the size of /dev/nbd0 in
 * sectors (which stage 2 attached before this init ran), and stage 2's counters from
 * /run/inetboot/stats.json; then sends the daemon the signals a shutdown or a switch-root sends
 * (TERM, HUP, INT), reads a block of /dev/nbd0 it has not read yet, and says whether the daemon
 * lives and how many bytes came; then powers off.
 */
final class TargetIso {

    static final String APPEND = "console=ttyS0 target-marker";
    /** What the second entry (label "second") adds to {@link #APPEND}; the first is the default. */
    static final String SECOND = "second-entry";

    private TargetIso() {}

    static Path write(DebianPackages packages, Path kernel, Path dir, Path iso) throws IOException {
        var tree = Files.createDirectories(dir.resolve("boot"));
        Files.copy(kernel, tree.resolve("vmlinuz"));
        var init = """
                #!/bin/busybox sh
                /bin/busybox mkdir -p /proc /sys /dev
                /bin/busybox mount -t proc proc /proc
                /bin/busybox mount -t sysfs sysfs /sys
                /bin/busybox mount -t devtmpfs devtmpfs /dev
                echo "INETBOOT-TARGET cmdline=[$(/bin/busybox cat /proc/cmdline)]"
                echo "INETBOOT-TARGET nbd0=[$(/bin/busybox cat /sys/block/nbd0/size)]"
                /bin/busybox sleep 3
                echo "INETBOOT-TARGET stats=[$(/bin/busybox cat /run/inetboot/stats.json)]"
                for process in /proc/[0-9]*; do
                    [ "$(/bin/busybox head -c 9 "$process/cmdline")" = @inetboot ] && daemon=${process#/proc/}
                done
                for signal in TERM HUP INT TERM HUP INT; do /bin/busybox kill -$signal "$daemon"; done
                /bin/busybox sleep 1
                bytes=$(/bin/busybox dd if=/dev/nbd0 bs=4096 skip=$(( $(/bin/busybox cat /sys/block/nbd0/size) / 16 )) \
                    count=1 | /bin/busybox wc -c)
                /bin/busybox kill -0 "$daemon" && state=alive || state=gone
                echo "INETBOOT-TARGET after-signals=[$state $bytes]"
                /bin/busybox poweroff -f
                """;
        try (var out = new BufferedOutputStream(Files.newOutputStream(tree.resolve("initrd.img")))) {
            Overlay.write(
                    List.of(
                            Overlay.Item.directory("bin", 0755),
                            Overlay.Item.file(
                                    "bin/busybox",
                                    0755,
                                    Files.readAllBytes(
                                            packages.unpack("busybox-static").resolve("bin/busybox"))),
                            Overlay.Item.file("init", 0755, init.getBytes())),
                    Compression.GZIP,
                    out);
        }
        var isolinux = Files.createDirectories(dir.resolve("isolinux"));
        Files.writeString(
                isolinux.resolve("isolinux.cfg"),
                "DEFAULT target\nLABEL target\n  KERNEL /boot/vmlinuz\n  APPEND initrd=/boot/initrd.img " + APPEND
                        + "\n" + "LABEL second\n  KERNEL /boot/vmlinuz\n  APPEND initrd=/boot/initrd.img " + APPEND
                        + " " + SECOND + "\n");
        return IsoFixtures.xorriso(iso, dir, "-R");
    }
}
