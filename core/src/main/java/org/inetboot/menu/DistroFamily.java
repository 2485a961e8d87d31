package org.inetboot.menu;

import java.util.List;

/**
 * What InetBoot knows of each family of live and installer ISOs, as data: the files that mark an
 * image as one of them, and the kernel arguments their menus use. The boot stages add here how
 * each family's initramfs is told where its medium is.
 *
 * @param id          the name InetBoot prints
 * @param markers     paths whose presence identifies the family
 * @param kernelHints command-line words (or their starts) that identify the family
 */
public enum DistroFamily {
    OPENSUSE("opensuse", List.of("/boot/x86_64/loader/linux"), List.of()),
    DEBIAN_LIVE("debian-live", List.of("/live/filesystem.squashfs"), List.of("boot=live")),
    UBUNTU_CASPER("ubuntu-casper", List.of("/casper"), List.of("boot=casper")),
    KNOPPIX("knoppix", List.of("/KNOPPIX/KNOPPIX"), List.of()),
    DRACUT_LIVE("dracut-live", List.of("/LiveOS/squashfs.img", "/LiveOS/rootfs.img"), List.of("root=live:", "rd.live.image")),
    ARCH("arch", List.of("/arch"), List.of("archisobasedir=", "archisolabel=", "archisosearchuuid=")),
    DEBIAN_INSTALLER("debian-installer", List.of("/install.amd/vmlinuz", "/install.386/vmlinuz", "/install/vmlinuz"), List.of()),
    UNKNOWN("unknown", List.of(), List.of());

    private final String id;
    private final List<String> markers;
    private final List<String> kernelHints;

    DistroFamily(String id, List<String> markers, List<String> kernelHints) {
        this.id = id;
        this.markers = markers;
        this.kernelHints = kernelHints;
    }

    public String id() {
        return id;
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
