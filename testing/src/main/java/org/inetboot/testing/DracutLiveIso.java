package org.inetboot.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.inetboot.host.Processes;

/**
 * A dracut live ISO in Fedora's shape, derived from the tests' {@link DebianLiveIso}: its root
 * with Debian's dracut 059 ({@code dracut}, {@code dracut-live}, {@code dracut-network}) in place
 * of initramfs-tools and live-boot, squashed into {@code LiveOS/squashfs.img} (the root directly,
 * so the entries ask for {@code rd.live.overlay.overlayfs=1}), the same kernel, a generic
 * initramfs made by dracut itself in that root with Fedora's live modules ({@code dmsquash-live
 * pollcdrom qemu qemu-net}), and isolinux and GRUB entries {@code root=live:CDLABEL=}{@value
 * #LABEL} {@code rd.live.image}. Built once (about 3 minutes: the packages come from
 * deb.debian.org), cached beside the Debian Live ISO under a name that changes with both.
 */
public final class DracutLiveIso {

    /** The volume id, which dracut's entries find their medium by. */
    public static final String LABEL = "INETBOOT_DRACUT";

    private static final String ARGUMENTS =
            "root=live:CDLABEL=" + LABEL + " rd.live.image rd.live.overlay.overlayfs=1 console=ttyS0";

    private static final String DRACUT_CONF = """
            hostonly="no"
            add_dracutmodules+=" dmsquash-live pollcdrom qemu qemu-net "
            compress="zstd"
            """;

    private static final String PACKAGES = "dracut dracut-live dracut-network procps zstd";

    private static final String ISOLINUX_CFG = """
            serial 0 115200
            default linux
            timeout 10
            label linux
              menu label Start InetBoot dracut live
              kernel vmlinuz
              append initrd=initrd.img %s
            """.formatted(ARGUMENTS);

    private static final String GRUB_CFG = """
            set default="0"
            set timeout=1
            search --no-floppy --set=root -l '%s'
            menuentry 'Start InetBoot dracut live' --class gnu-linux {
            	linuxefi /isolinux/vmlinuz %s
            	initrdefi /isolinux/initrd.img
            }
            """.formatted(LABEL, ARGUMENTS);

    private DracutLiveIso() {}

    /** The ISO, built the first time. */
    public static synchronized Path get() throws IOException {
        var configuration = String.join("\0", DRACUT_CONF, PACKAGES, ISOLINUX_CFG, GRUB_CFG);
        return DerivedIso.get("dracut-live", configuration, DracutLiveIso::build);
    }

    private static void build(Path base, Path work, Path out) throws IOException {
        var root = work.resolve("root");
        var iso = work.resolve("iso");
        DerivedIso.extract(base, work, Map.of("/live/filesystem.squashfs", "base.squashfs"));
        Processes.run(work, List.of("unsquashfs", "-q", "-d", "root", "base.squashfs"));
        installDracut(work, root);
        var release = kernelRelease(root);
        var boot = Files.createDirectories(iso.resolve("isolinux"));
        Files.move(root.resolve("boot/initrd.img-" + release), boot.resolve("initrd.img"));
        Files.copy(root.resolve("boot/vmlinuz-" + release), boot.resolve("vmlinuz"));
        Files.copy(Path.of("/usr/lib/ISOLINUX/isolinux.bin"), boot.resolve("isolinux.bin"));
        Files.copy(Path.of("/usr/lib/syslinux/modules/bios/ldlinux.c32"), boot.resolve("ldlinux.c32"));
        Files.writeString(boot.resolve("isolinux.cfg"), ISOLINUX_CFG);
        Files.writeString(Files.createDirectories(iso.resolve("EFI/BOOT")).resolve("grub.cfg"), GRUB_CFG);
        Files.createDirectories(iso.resolve("LiveOS"));
        Processes.run(
                work, List.of("mksquashfs", "root", "iso/LiveOS/squashfs.img", "-comp", "zstd", "-noappend", "-quiet"));
        Processes.run(
                work,
                List.of(
                        "xorriso",
                        "-as",
                        "mkisofs",
                        "-quiet",
                        "-o",
                        out.toString(),
                        "-V",
                        LABEL,
                        "-b",
                        "isolinux/isolinux.bin",
                        "-c",
                        "isolinux/boot.cat",
                        "-no-emul-boot",
                        "-boot-load-size",
                        "4",
                        "-boot-info-table",
                        "-R",
                        "-J",
                        "iso"));
    }

    /**
     * Installs the packages in the root, where their trigger makes the initramfs by our
     * configuration, as on a Fedora live build. The chroot's mounts live in a mount namespace of
     * its own, so nothing of them is left on the host, whatever happens.
     */
    private static void installDracut(Path work, Path root) throws IOException {
        Files.writeString(
                Files.createDirectories(root.resolve("etc/dracut.conf.d")).resolve("90-inetboot-live.conf"),
                DRACUT_CONF);
        var resolver = root.resolve("etc/resolv.conf");
        Files.deleteIfExists(resolver);
        Files.copy(Path.of("/etc/resolv.conf"), resolver);
        var install = "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq"
                + " --no-install-recommends " + PACKAGES + " && apt-get clean";
        Processes.run(
                work,
                List.of(
                        "unshare",
                        "--mount",
                        "--fork",
                        "sh",
                        "-c",
                        "mount -t proc proc root/proc && mount -t sysfs sys root/sys && mount --rbind /dev root/dev"
                                + " && chroot root sh -c '" + install + "'"));
        Files.delete(resolver);
        Files.writeString(resolver, "");
        Processes.run(work, List.of("sh", "-c", "rm -rf root/var/lib/apt/lists/*"));
    }

    private static String kernelRelease(Path root) throws IOException {
        try (var kernels = Files.list(root.resolve("boot"))) {
            return kernels.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith("vmlinuz-"))
                    .map(name -> name.substring("vmlinuz-".length()))
                    .findFirst()
                    .orElseThrow(() -> new IOException("no kernel in " + root.resolve("boot")));
        }
    }
}
