package org.inetboot.menu;

import java.util.List;
import java.util.Optional;

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
 * @param hypervisor  what the boot loader starts first by multiboot (Xen), with the kernel and the
 *                    initrds as its modules; {@code kernel} and {@code cmdline} are then dom0's
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
        boolean hidden,
        Optional<Hypervisor> hypervisor) {

    /** A multiboot image (GRUB's {@code multiboot2}, syslinux's {@code mboot.c32}) and its own command line. */
    public record Hypervisor(String path, String cmdline) {}

    /** Which firmware's boot loader offers the entry. */
    public enum Firmware {
        BIOS,
        UEFI,
        BOTH
    }

    public MenuEntry {
        initrds = List.copyOf(initrds);
    }

    /** An entry that boots its kernel directly. */
    public MenuEntry(
            String label,
            String kernel,
            List<String> initrds,
            String cmdline,
            boolean isDefault,
            String source,
            Firmware firmware,
            boolean conditional,
            boolean hidden) {
        this(label, kernel, initrds, cmdline, isDefault, source, firmware, conditional, hidden, Optional.empty());
    }

    /** The same boot (kernel, initrds, command line) offered by other menus too. */
    boolean sameBoot(MenuEntry other) {
        return kernel.equals(other.kernel)
                && initrds.equals(other.initrds)
                && cmdline.equals(other.cmdline)
                && hypervisor.equals(other.hypervisor);
    }

    MenuEntry withFirmware(Firmware firmware) {
        return new MenuEntry(
                label, kernel, initrds, cmdline, isDefault, source, firmware, conditional, hidden, hypervisor);
    }

    MenuEntry withDefault(boolean isDefault) {
        return new MenuEntry(
                label, kernel, initrds, cmdline, isDefault, source, firmware, conditional, hidden, hypervisor);
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
                hidden && other.hidden,
                hypervisor);
    }
}
