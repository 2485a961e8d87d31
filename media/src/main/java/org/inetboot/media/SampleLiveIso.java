package org.inetboot.media;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.inetboot.host.DebianKernel;
import org.inetboot.host.DebianPackages;
import org.inetboot.host.Processes;
import org.inetboot.host.Trees;
import org.inetboot.initramfs.Compression;
import org.inetboot.initramfs.Overlay;

/**
 * A small KNOPPIX-style live ISO made from Debian packages, booting like the original's target:
 * Debian's kernel; an initrd (busybox, and the kernel's modules for CD drives, ISO 9660, squashfs,
 * loop, and, as distributions' initrds do, virtio networking and nbd) whose init scans the block
 * devices for the medium holding {@value #ROOT_FS}, mounts it on /cdrom and switches to the
 * squashfs root inside it; that root prints {@value #MARKER} with a token read from the squashfs,
 * what it sees of stage 2's daemon ({@value #DAEMON}), then stage 2's counters, and powers off.
 * The squashfs also holds {@value #FILLER_MIB} MiB that the boot never reads: bytes fetched against the image's size show what laziness saves. The ISO
 * boots by isolinux from a CD too, for comparison.
 *
 * @param iso    the image
 * @param marker the line the root prints when it runs
 */
public record SampleLiveIso(Path iso, String marker) {

    /** The version of the layout: images cached by an older one are rebuilt. */
    public static final int LAYOUT = 4;

    public static final String MARKER = "INETBOOT-SAMPLE-MARKER";
    public static final String STATS = "INETBOOT-SAMPLE-STATS";
    /** What the root says of stage 2's daemon, found by its argv[0]: its OOM score adjustment and locked memory. */
    public static final String DAEMON = "INETBOOT-SAMPLE-DAEMON";

    public static final String ROOT_FS = "/KNOPPIX/KNOPPIX";
    /** The volume id. */
    public static final String VOLUME = "SAMPLE_LIVE";

    static final int FILLER_MIB = 64;

    private static final List<String> INITRD_MODULES = List.of("virtio_pci", "virtio_net", "nbd");
    private static final List<String> LOADED = List.of("ata_piix", "sr_mod", "isofs", "squashfs", "loop");

    private static final String INIT = """
            #!/bin/busybox sh
            /bin/busybox --install -s /bin
            mkdir -p /proc /sys /dev /cdrom /rootfs
            mount -t proc proc /proc
            mount -t sysfs sysfs /sys
            mount -t devtmpfs devtmpfs /dev
            for module in $(cat /etc/sample/load); do insmod "/lib/modules/$(uname -r)/$module" 2>/dev/null; done
            echo "sample live: looking for the medium"
            found=
            for attempt in $(seq 60); do
            %s
                sleep 1
            done
            if [ -z "$found" ]; then
                echo "sample live: no medium holds %s"
                exec sh
            fi
            echo "sample live: the medium is $found"
            mount -t squashfs -o loop,ro /cdrom%2$s /rootfs
            mount --move /cdrom /rootfs/cdrom
            umount /sys /proc
            exec switch_root /rootfs /sbin/init
            """;

    /** How the sample's init finds its medium, and where the root is on it. */
    private enum Finding {
        /** Every block device with a size, mounted in turn, until one holds the root: KNOPPIX's way. */
        SCAN(ROOT_FS, "", """
                    for device in /dev/sr* /dev/nbd* /dev/vd* /dev/sd*; do
                        [ -b "$device" ] && [ "$(cat "/sys/class/block/${device#/dev/}/size" 2>/dev/null)" != 0 ] || continue
                        if mount -t iso9660 -o ro "$device" /cdrom 2>/dev/null; then
                            [ -f /cdrom/KNOPPIX/KNOPPIX ] && found=$device && break 2
                            umount /cdrom
                        fi
                    done"""),
        /**
         * Only the device whose volume label the command line names ({@code medium=LABEL=...}), as
         * blkid finds it, in a layout no family of InetBoot's knows.
         */
        LABEL("/sample/root.squashfs", " medium=LABEL=" + VOLUME, """
                    label=$(sed -n 's/.*medium=LABEL=\\([^ ]*\\).*/\\1/p' /proc/cmdline)
                    device=$(findfs "LABEL=$label" 2>/dev/null)
                    [ -n "$device" ] && mount -t iso9660 -o ro "$device" /cdrom && found=$device && break""");

        final String root;
        final String argument;
        final String loop;

        Finding(String root, String argument, String loop) {
            this.root = root;
            this.argument = argument;
            this.loop = loop;
        }

        String init() {
            return INIT.formatted(loop, root);
        }
    }

    private static final String ROOT_INIT = """
            #!/bin/busybox sh
            mount -t proc proc /proc
            mount -t sysfs sysfs /sys
            mount -t devtmpfs devtmpfs /dev
            mount -t tmpfs tmpfs /run
            echo "%s $(cat /etc/sample-marker)"
            echo "sample live: / is $(grep ' / ' /proc/mounts | cut -d' ' -f1,3), /cdrom is $(grep ' /cdrom ' /proc/mounts | cut -d' ' -f1)"
            for process in /proc/[0-9]*; do
                if [ "$(head -c 9 "$process/cmdline")" = @inetboot ]; then
                    echo "%s oom_score_adj=$(cat "$process/oom_score_adj") $(grep VmLck "$process/status" | tr -s ' \t' ' ')"
                fi
            done
            sleep 3
            echo "%s [$(cat /run/inetboot/stats.json 2>/dev/null)]"
            poweroff -f
            """.formatted(MARKER, DAEMON, STATS);

    /** Builds the image as {@code iso}, in a temporary directory removed afterwards. */
    public static SampleLiveIso build(DebianPackages packages, Path iso) throws IOException {
        return build(packages, iso, Finding.SCAN);
    }

    /**
     * The same system in a layout no family of InetBoot's knows, whose init finds its medium only
     * by the volume label its command line names ({@code medium=LABEL=}{@value #VOLUME}).
     */
    public static SampleLiveIso byLabel(DebianPackages packages, Path iso) throws IOException {
        return build(packages, iso, Finding.LABEL);
    }

    private static SampleLiveIso build(DebianPackages packages, Path iso, Finding finding) throws IOException {
        var work = Files.createTempDirectory("inetboot-sample");
        try {
            return build(packages, work, iso, finding);
        } finally {
            Trees.delete(work);
        }
    }

    private static SampleLiveIso build(DebianPackages packages, Path work, Path iso, Finding finding)
            throws IOException {
        var kernel = DebianKernel.unpack(packages);
        var busybox = packages.unpack("busybox-static").resolve("bin/busybox");
        var token = HexFormat.of().toHexDigits(new SecureRandom().nextLong());
        var tree = Files.createDirectories(work.resolve("iso"));
        var boot = Files.createDirectories(tree.resolve("boot"));
        Trees.copy(kernel.vmlinuz(), boot.resolve("vmlinuz"));
        initrd(kernel, busybox, finding.init(), work.resolve("initrd"), boot.resolve("initrd.img"));
        squashfs(busybox, token, work.resolve("root"), tree.resolve(finding.root.substring(1)));
        menus(tree, finding.argument);
        Processes.run(work, xorriso(tree, iso));
        return new SampleLiveIso(iso, MARKER + " " + token);
    }

    private static void initrd(DebianKernel kernel, Path busybox, String init, Path stage, Path out)
            throws IOException {
        Trees.copy(busybox, stage.resolve("bin/busybox"));
        ModuleTree.write(kernel.modules(), INITRD_MODULES, LOADED, stage, "etc/sample/load");
        Trees.executable(stage.resolve("init"), init);
        try (OutputStream archive = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
            Overlay.write(stage, 0, Compression.GZIP, archive);
        }
    }

    private static void squashfs(Path busybox, String token, Path root, Path out) throws IOException {
        Trees.copy(busybox, root.resolve("bin/busybox"));
        // a read-only root cannot take busybox --install at boot: its applets are linked here
        for (var applet : Processes.run(root, List.of(busybox.toString(), "--list"))
                .lines()
                .filter(a -> !a.equals("busybox"))
                .toList()) {
            Files.createSymbolicLink(root.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        Trees.executable(root.resolve("sbin/init"), ROOT_INIT);
        for (var dir : List.of("proc", "sys", "dev", "run", "tmp", "cdrom", "etc")) {
            Files.createDirectories(root.resolve(dir));
        }
        Files.writeString(root.resolve("etc/sample-marker"), token + "\n");
        var filler = new byte[1 << 20];
        var random = new SplittableRandom();
        try (var data = new BufferedOutputStream(Files.newOutputStream(
                Files.createDirectories(root.resolve("data")).resolve("filler.bin")))) {
            for (int i = 0; i < FILLER_MIB; i++) {
                random.nextBytes(filler);
                data.write(filler);
            }
        }
        Files.createDirectories(out.getParent());
        Processes.run(root, List.of("mksquashfs", root.toString(), out.toString(), "-noappend", "-quiet", "-all-root"));
    }

    private static void menus(Path tree, String argument) throws IOException {
        var append = "initrd=/boot/initrd.img console=ttyS0 quiet" + argument;
        var isolinux = Files.createDirectories(tree.resolve("isolinux"));
        Files.writeString(isolinux.resolve("isolinux.cfg"), """
                DEFAULT live
                LABEL live
                  MENU LABEL Sample live system
                  KERNEL /boot/vmlinuz
                  APPEND %s
                """.formatted(append));
        for (var file : List.of("/usr/lib/ISOLINUX/isolinux.bin", "/usr/lib/syslinux/modules/bios/ldlinux.c32")) {
            Trees.copy(
                    Path.of(file), isolinux.resolve(Path.of(file).getFileName().toString()));
        }
    }

    private static List<String> xorriso(Path tree, Path iso) {
        return List.of(
                "xorriso",
                "-as",
                "mkisofs",
                "-quiet",
                "-R",
                "-J",
                "-V",
                VOLUME,
                "-o",
                iso.toString(),
                "-b",
                "isolinux/isolinux.bin",
                "-c",
                "isolinux/boot.cat",
                "-no-emul-boot",
                "-boot-load-size",
                "4",
                "-boot-info-table",
                tree.toString());
    }
}
