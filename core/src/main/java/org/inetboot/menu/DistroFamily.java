package org.inetboot.menu;

import java.util.List;

/**
 * What InetBoot knows of each family of live and installer ISOs, as data: the files that mark an
 * image as one of them, the kernel arguments their menus use, and the arguments that tell each
 * family's initramfs where its medium is.
 *
 * @param id          the name InetBoot prints
 * @param markers     paths whose presence identifies the family
 * @param kernelHints command-line words (or their starts) that identify the family
 * @param handOver    the arguments that make the family's initramfs take the device as its medium,
 *                    {@value #DEVICE} standing for the device, see {@link #handOver(String)}
 * @param dropped     the names of the entry's arguments that would send it looking elsewhere
 */
public enum DistroFamily {
    OPENSUSE("opensuse", List.of("/boot/x86_64/loader/linux"), List.of(), List.of(), List.of()),
    /** live-boot: {@code live-media=} names the device and skips its scan. */
    DEBIAN_LIVE(
            "debian-live",
            List.of("/live/filesystem.squashfs"),
            List.of("boot=live"),
            List.of("live-media=" + DistroFamily.DEVICE),
            List.of()),
    /** casper: {@code live-media=} as live-boot's, which also skips its check of the medium's UUID. */
    UBUNTU_CASPER(
            "ubuntu-casper",
            List.of("/casper"),
            List.of("boot=casper"),
            List.of("live-media=" + DistroFamily.DEVICE),
            List.of()),
    KNOPPIX("knoppix", List.of("/KNOPPIX/KNOPPIX"), List.of(), List.of(), List.of()),
    /**
     * dracut's dmsquash-live: {@code root=live:DEVICE}, the device attached before dracut starts
     * (by device, not by its label, which a CD in the machine may carry too). Fedora's default
     * entry asks for {@code rd.live.check}, which would read the whole image before the boot.
     */
    DRACUT_LIVE(
            "dracut-live",
            List.of("/LiveOS/squashfs.img", "/LiveOS/rootfs.img"),
            List.of("root=live:", "rd.live.image"),
            List.of("root=live:" + DistroFamily.DEVICE),
            List.of("rd.live.check")),
    /**
     * archiso's hook takes {@code archisodevice=} before {@code archisosearchuuid=} and
     * {@code archisolabel=}; the UUID goes all the same, and {@code copytoram=n}, because its
     * default (auto) copies the whole root image to RAM from any medium that is not optical.
     */
    ARCH(
            "arch",
            List.of("/arch"),
            List.of("archisobasedir=", "archisolabel=", "archisosearchuuid="),
            List.of("archisodevice=" + DistroFamily.DEVICE, "copytoram=n"),
            List.of("archisosearchuuid")),
    DEBIAN_INSTALLER(
            "debian-installer",
            List.of("/install.amd/vmlinuz", "/install.386/vmlinuz", "/install/vmlinuz"),
            List.of(),
            List.of(),
            List.of()),
    UNKNOWN("unknown", List.of(), List.of(), List.of(), List.of());

    /** What {@link #handOver} puts in place of the device in the family's arguments. */
    public static final String DEVICE = "{device}";

    private final String id;
    private final List<String> markers;
    private final List<String> kernelHints;
    private final List<String> handOver;
    private final List<String> dropped;

    DistroFamily(
            String id, List<String> markers, List<String> kernelHints, List<String> handOver, List<String> dropped) {
        this.id = id;
        this.markers = markers;
        this.kernelHints = kernelHints;
        this.handOver = handOver;
        this.dropped = dropped;
    }

    public String id() {
        return id;
    }

    /**
     * The kernel arguments that make the family's initramfs take {@code device} as its medium;
     * each replaces an argument with the same name. None for a family that scans its devices
     * (KNOPPIX) or that is not known: the device carries the image's volume label and UUID.
     */
    public List<String> handOver(String device) {
        return handOver.stream().map(word -> word.replace(DEVICE, device)).toList();
    }

    /** The names of the entry's arguments to remove with the hand-over. */
    public List<String> dropped() {
        return dropped;
    }

    List<String> markers() {
        return markers;
    }

    boolean hasHints() {
        return !kernelHints.isEmpty();
    }

    boolean hintedBy(String cmdline) {
        for (var word : cmdline.split("\\s+")) {
            for (var hint : kernelHints) {
                if (word.equals(hint) || (hint.endsWith("=") || hint.endsWith(":")) && word.startsWith(hint)) {
                    return true;
                }
            }
        }
        return false;
    }
}
