package org.inetboot.boot;

import java.util.List;
import java.util.Locale;
import org.inetboot.menu.MenuEntry;

/**
 * Which boot entry to use: the one asked for by number (as {@code inetboot entries} numbers them)
 * or label, else the menu's default for this firmware, else its default, else the first entry.
 */
public final class EntryChoice {

    private EntryChoice() {}

    /**
     * @param selector a 1-based number, a label (case-insensitive), or null for the default
     * @param uefi     whether the machine booted by UEFI (its defaults and entries come first)
     */
    public static MenuEntry choose(List<MenuEntry> entries, String selector, boolean uefi) throws BootException {
        return choose(entries, selector, uefi, false);
    }

    /**
     * As above; with {@code xen} (the seed's {@code bootxen=1}) and no selector, among the entries
     * that boot a hypervisor (Xen), which the image must have.
     */
    public static MenuEntry choose(List<MenuEntry> entries, String selector, boolean uefi, boolean xen)
            throws BootException {
        if (entries.isEmpty()) {
            throw new BootException("the image has no boot entry that boots a Linux kernel");
        }
        if (selector != null) {
            return select(entries, selector);
        }
        if (xen) {
            var hypervisors =
                    entries.stream().filter(e -> e.hypervisor().isPresent()).toList();
            if (hypervisors.isEmpty()) {
                throw new BootException("Xen was asked for, and the image has no entry that boots it");
            }
            return byDefault(hypervisors, uefi);
        }
        return byDefault(entries, uefi);
    }

    private static MenuEntry byDefault(List<MenuEntry> entries, boolean uefi) {
        var firmware = uefi ? MenuEntry.Firmware.UEFI : MenuEntry.Firmware.BIOS;
        return entries.stream()
                .filter(MenuEntry::isDefault)
                .filter(e -> e.firmware() == firmware || e.firmware() == MenuEntry.Firmware.BOTH)
                .findFirst()
                .or(() -> entries.stream().filter(MenuEntry::isDefault).findFirst())
                .orElse(entries.getFirst());
    }

    private static MenuEntry select(List<MenuEntry> entries, String selector) throws BootException {
        if (selector.matches("\\d{1,4}")) {
            int number = Integer.parseInt(selector);
            if (number < 1 || number > entries.size()) {
                throw new BootException("there is no entry " + number + " (the image has " + entries.size() + ")");
            }
            return entries.get(number - 1);
        }
        var wanted = selector.toLowerCase(Locale.ROOT);
        return entries.stream()
                .filter(e -> e.label().toLowerCase(Locale.ROOT).equals(wanted))
                .findFirst()
                .orElseThrow(() -> new BootException("no entry is labelled '" + selector + "'"));
    }
}
