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
 * @param handOver    the starts of the arguments that name the medium, see {@link #handOver(String)}
 */
public enum DistroFamily {
    OPENSUSE("opensuse", List.of("/boot/x86_64/loader/linux"), List.of(), List.of()),
    DEBIAN_LIVE("debian-live", List.of("/live/filesystem.squashfs"), List.of("boot=live"), List.of("live-media=")),
    UBUNTU_CASPER("ubuntu-casper", List.of("/casper"), List.of("boot=casper"), List.of("live-media=")),
    KNOPPIX("knoppix", List.of("/KNOPPIX/KNOPPIX"), List.of(), List.of()),
    DRACUT_LIVE(
            "dracut-live",
            List.of("/LiveOS/squashfs.img", "/LiveOS/rootfs.img"),
            List.of("root=live:", "rd.live.image"),
            List.of("root=live:")),
    ARCH(
            "arch",
            List.of("/arch"),
            List.of("archisobasedir=", "archisolabel=", "archisosearchuuid="),
            List.of("archisodevice=")),
    DEBIAN_INSTALLER(
            "debian-installer",
            List.of("/install.amd/vmlinuz", "/install.386/vmlinuz", "/install/vmlinuz"),
            List.of(),
            List.of()),
    UNKNOWN("unknown", List.of(), List.of(), List.of());

    private final String id;
    private final List<String> markers;
    private final List<String> kernelHints;
    private final List<String> handOver;

    DistroFamily(String id, List<String> markers, List<String> kernelHints, List<String> handOver) {
        this.id = id;
        this.markers = markers;
        this.kernelHints = kernelHints;
        this.handOver = handOver;
    }

    public String id() {
        return id;
    }

    /**
     * The kernel arguments that make the family's initramfs take {@code device} as its medium;
     * each replaces an argument with the same name. KNOPPIX-style scanning needs none.
     */
    public List<String> handOver(String device) {
        return handOver.stream().map(start -> start + device).toList();
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
