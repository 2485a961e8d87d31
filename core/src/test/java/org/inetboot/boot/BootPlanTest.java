package org.inetboot.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.inetboot.menu.DistroFamily;
import org.inetboot.menu.MenuEntry;
import org.inetboot.menu.MenuEntry.Firmware;
import org.junit.jupiter.api.Test;

class BootPlanTest {

    private static MenuEntry entry(String label, boolean isDefault, Firmware firmware) {
        return new MenuEntry(label, "/live/vmlinuz", List.of("/live/initrd.img"), "boot=live quiet", isDefault, "/x.cfg",
                firmware, false, false);
    }

    private final List<MenuEntry> entries = List.of(entry("Live", true, Firmware.BIOS), entry("Safe", false, Firmware.BIOS),
            entry("Live (UEFI)", true, Firmware.UEFI), entry("Both", false, Firmware.BOTH));

    @Test
    void theDefaultOfTheRunningFirmwareWinsElseTheFirst() throws BootException {
        assertThat(EntryChoice.choose(entries, null, false).label()).isEqualTo("Live");
        assertThat(EntryChoice.choose(entries, null, true).label()).isEqualTo("Live (UEFI)");
        assertThat(EntryChoice.choose(List.of(entry("Only", false, Firmware.UEFI)), null, false).label()).isEqualTo("Only");
    }

    @Test
    void entriesAreChosenByNumberOrLabel() throws BootException {
        assertThat(EntryChoice.choose(entries, "2", false).label()).isEqualTo("Safe");
        assertThat(EntryChoice.choose(entries, "both", false).label()).isEqualTo("Both");
        assertThatThrownBy(() -> EntryChoice.choose(entries, "9", false)).hasMessage("there is no entry 9 (the image has 4)");
        assertThatThrownBy(() -> EntryChoice.choose(entries, "nope", false)).hasMessage("no entry is labelled 'nope'");
        assertThatThrownBy(() -> EntryChoice.choose(List.of(), null, false))
                .hasMessage("the image has no boot entry that boots a Linux kernel");
    }

    @Test
    void theCommandLineIsTheEntrysThenTheAppendedThenOurUrl() {
        var plan = BootPlan.of("https://m/x.iso", DistroFamily.DEBIAN_LIVE, entries.getFirst(), " console=ttyS0  inetboot.url=old ");
        assertThat(plan.cmdline()).isEqualTo("boot=live quiet console=ttyS0 inetboot.url=https://m/x.iso");
    }
}
