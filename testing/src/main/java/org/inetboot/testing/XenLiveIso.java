package org.inetboot.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.inetboot.host.DebianPackages;
import org.inetboot.host.Processes;

/**
 * The seed's VMKnoppix, Debian's way: the tests' {@link DebianLiveIso} remastered with xorriso
 * into a Xen dom0 live ISO. It gains Debian's hypervisor ({@value #PACKAGE}) as
 * {@code /live/xen.gz}, a GRUB entry {@code multiboot2 /live/xen.gz} + {@code module2} kernel and
 * initrd, the same as an isolinux {@code mboot.c32} entry, and a small layer
 * ({@code /live/xen-dom0.squashfs}, which live-boot stacks over the root as it does every squashfs
 * in /live) with what a dom0 image carries and the base lacks: xenfs loaded at boot (so
 * {@code /proc/xen} appears) and root logged in on Xen's console, {@code hvc0}, as the base does on
 * ttyS0. Everything else, the root included, is the base's, byte for byte. Cached beside it.
 */
public final class XenLiveIso {

    public static final String PACKAGE = "xen-hypervisor-4.17-amd64";

    private static final String XEN_ARGUMENTS = "console=com1 com1=115200,8n1";

    private static final String DOM0_ARGUMENTS = "boot=live components console=hvc0";

    private static final String GRUB_ENTRY = """

            menuentry "Live system with Xen (amd64)" {
            	multiboot2	/live/xen.gz %s
            	module2	/live/vmlinuz %s
            	module2	/live/initrd.img
            }
            """.formatted(XEN_ARGUMENTS, DOM0_ARGUMENTS);

    private static final String ISOLINUX_ENTRY = """

            label live-amd64-xen
            	menu label Live system with ^Xen (amd64)
            	kernel /isolinux/mboot.c32
            	append /live/xen.gz %s --- /live/vmlinuz %s --- /live/initrd.img
            """.formatted(XEN_ARGUMENTS, DOM0_ARGUMENTS);

    private XenLiveIso() {}

    /** The ISO, made the first time (a minute: the hypervisor's package, a small layer, a remaster). */
    public static synchronized Path get() throws IOException {
        var configuration = String.join("\0", PACKAGE, GRUB_ENTRY, ISOLINUX_ENTRY, DebianLiveIso.AUTOLOGIN);
        return DerivedIso.get("xen-live", configuration, XenLiveIso::build);
    }

    private static void build(Path base, Path work, Path out) throws IOException {
        var xen = DebianPackages.inUserCache().unpack(PACKAGE).resolve("boot/xen-4.17-amd64.gz");
        var layer = work.resolve("layer");
        Files.writeString(
                Files.createDirectories(layer.resolve("etc/modules-load.d")).resolve("xen.conf"), "xenfs\n");
        Files.writeString(
                Files.createDirectories(layer.resolve("etc/systemd/system/serial-getty@hvc0.service.d"))
                        .resolve("autologin.conf"),
                DebianLiveIso.AUTOLOGIN);
        Processes.run(work, List.of("mksquashfs", "layer", "xen-dom0.squashfs", "-noappend", "-quiet", "-all-root"));
        DerivedIso.extract(base, work, Map.of("/boot/grub/grub.cfg", "grub.cfg", "/isolinux/live.cfg", "live.cfg"));
        appendTo(work.resolve("grub.cfg"), GRUB_ENTRY);
        appendTo(work.resolve("live.cfg"), ISOLINUX_ENTRY);
        Processes.run(
                work,
                List.of(
                        "xorriso",
                        "-indev",
                        base.toString(),
                        "-outdev",
                        out.toString(),
                        "-boot_image",
                        "any",
                        "replay",
                        "-map",
                        xen.toString(),
                        "/live/xen.gz",
                        "-map",
                        "xen-dom0.squashfs",
                        "/live/xen-dom0.squashfs",
                        "-map",
                        "/usr/lib/syslinux/modules/bios/mboot.c32",
                        "/isolinux/mboot.c32",
                        "-map",
                        "grub.cfg",
                        "/boot/grub/grub.cfg",
                        "-map",
                        "live.cfg",
                        "/isolinux/live.cfg"));
    }

    private static void appendTo(Path file, String text) throws IOException {
        Files.writeString(file, Files.readString(file) + text);
    }
}
