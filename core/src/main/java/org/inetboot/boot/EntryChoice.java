package org.inetboot.boot;

import java.util.List;
import java.util.Locale;
import org.inetboot.menu.MenuEntry;

/**
 * Which boot entry to use: the one asked for by number (as {@code inetboot entries} numbers them)
 * or label, else the menu's default for this firmware, else the first entry.
 */
public final class EntryChoice {

    private EntryChoice() {}

    /**
     * @param selector a 1-based number, a label (case-insensitive), or null for the default
     * @param uefi     whether the machine booted by UEFI (its defaults and entries come first)
     */
    public static MenuEntry choose(List<MenuEntry> entries, String selector, boolean uefi) throws BootException {
        if (entries.isEmpty()) {
            throw new BootException("the image has no boot entry that boots a Linux kernel");
        }
        if (selector != null) {
            return select(entries, selector);
        }
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
