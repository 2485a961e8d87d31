package org.inetboot.menu;

import java.util.List;

/**
 * One way an ISO's boot menus boot a Linux kernel: plain data, no effects.
 *
 * @param kernel      absolute path inside the image
 * @param initrds     absolute paths inside the image, in load order
 * @param cmdline     the kernel command line (syslinux's {@code initrd=} removed: initrds are listed apart)
 * @param isDefault   what the menu boots when nobody chooses
 * @param source      the configuration file(s) it came from
 * @param conditional it comes from a branch of an {@code if} that was not evaluated
 * @param hidden      syslinux MENU HIDE: bootable by name, not shown
 */
public record MenuEntry(
        String label,
        String kernel,
        List<String> initrds,
        String cmdline,
        boolean isDefault,
        String source,
        Firmware firmware,
        boolean conditional,
        boolean hidden) {

    /** Which firmware's boot loader offers the entry. */
    public enum Firmware {
        BIOS,
        UEFI,
        BOTH
    }

    public MenuEntry {
        initrds = List.copyOf(initrds);
    }

    /** The same boot (kernel, initrds, command line) offered by other menus too. */
    boolean sameBoot(MenuEntry other) {
        return kernel.equals(other.kernel) && initrds.equals(other.initrds) && cmdline.equals(other.cmdline);
    }

    MenuEntry withFirmware(Firmware firmware) {
        return new MenuEntry(label, kernel, initrds, cmdline, isDefault, source, firmware, conditional, hidden);
    }

    MenuEntry withDefault(boolean isDefault) {
        return new MenuEntry(label, kernel, initrds, cmdline, isDefault, source, firmware, conditional, hidden);
    }

    MenuEntry mergedWith(MenuEntry other) {
        return new MenuEntry(
                label,
                kernel,
                initrds,
                cmdline,
                isDefault || other.isDefault,
                source + ", " + other.source,
                Firmware.BOTH,
                conditional && other.conditional,
                hidden && other.hidden);
    }
}
