package org.inetboot.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.inetboot.menu.DistroFamily;
import org.inetboot.menu.MenuEntry;
import org.inetboot.menu.MenuEntry.Firmware;
import org.junit.jupiter.api.Test;

class BootPlanTest {

    private static MenuEntry entry(String label, boolean isDefault, Firmware firmware) {
        return new MenuEntry(
                label,
                "/live/vmlinuz",
                List.of("/live/initrd.img"),
                "boot=live quiet",
                isDefault,
                "/x.cfg",
                firmware,
                false,
                false);
    }

    private final List<MenuEntry> entries = List.of(
            entry("Live", true, Firmware.BIOS),
            entry("Safe", false, Firmware.BIOS),
            entry("Live (UEFI)", true, Firmware.UEFI),
            entry("Both", false, Firmware.BOTH));

    @Test
    void theDefaultOfTheRunningFirmwareWinsElseTheFirst() throws BootException {
        assertThat(EntryChoice.choose(entries, null, false).label()).isEqualTo("Live");
        assertThat(EntryChoice.choose(entries, null, true).label()).isEqualTo("Live (UEFI)");
        assertThat(EntryChoice.choose(List.of(entry("Only", false, Firmware.UEFI)), null, false)
                        .label())
                .isEqualTo("Only");
    }

    @Test
    void entriesAreChosenByNumberOrLabel() throws BootException {
        assertThat(EntryChoice.choose(entries, "2", false).label()).isEqualTo("Safe");
        assertThat(EntryChoice.choose(entries, "both", false).label()).isEqualTo("Both");
        assertThatThrownBy(() -> EntryChoice.choose(entries, "9", false))
                .hasMessage("there is no entry 9 (the image has 4)");
        assertThatThrownBy(() -> EntryChoice.choose(entries, "nope", false)).hasMessage("no entry is labelled 'nope'");
        assertThatThrownBy(() -> EntryChoice.choose(List.of(), null, false))
                .hasMessage("the image has no boot entry that boots a Linux kernel");
    }

    @Test
    void xenChoosesTheDefaultAmongTheEntriesThatBootAHypervisorUnlessAnEntryIsNamed() throws BootException {
        var xen = new MenuEntry(
                "Xen",
                "/live/vmlinuz",
                List.of("/live/initrd.img"),
                "boot=live console=hvc0",
                false,
                "/x.cfg",
                Firmware.BOTH,
                false,
                false,
                Optional.of(new MenuEntry.Hypervisor("/live/xen.gz", "console=com1")));
        var withXen = List.of(entries.get(0), entries.get(1), xen);
        assertThat(EntryChoice.choose(withXen, null, false, true)).isSameAs(xen);
        assertThat(EntryChoice.choose(withXen, null, false, false).label()).isEqualTo("Live");
        assertThat(EntryChoice.choose(withXen, "Safe", false, true).label()).isEqualTo("Safe");
        assertThatThrownBy(() -> EntryChoice.choose(entries, null, false, true))
                .hasMessage("Xen was asked for, and the image has no entry that boots it");
        assertThat(Bootability.describe(DistroFamily.DEBIAN_LIVE, xen, Optional.empty()))
                .isEqualTo("over HTTP: xen (/live/xen.gz), debian-live, live-media=/dev/nbd0");
    }

    @Test
    void bootabilitySaysHowEachFamilyIsHandedItsMediumOrWhyKexecCannot() {
        var live = entries.getFirst();
        assertThat(Bootability.describe(DistroFamily.ARCH, live, Optional.empty()))
                .isEqualTo("over HTTP: arch, archisodevice=/dev/nbd0 copytoram=n");
        assertThat(Bootability.describe(DistroFamily.UNKNOWN, live, Optional.empty()))
                .isEqualTo("over HTTP: unknown, its initramfs finds /dev/nbd0 by the image's label or by scanning");
        assertThat(Bootability.describe(DistroFamily.UNKNOWN, live, Optional.of("its header offers no 64-bit entry")))
                .isEqualTo("not kexec-able: its header offers no 64-bit entry");
    }

    @Test
    void theCommandLineIsTheEntrysThenTheAppendedThenOurUrl() {
        var plan = BootPlan.of(
                "https://m/x.iso",
                DistroFamily.DEBIAN_LIVE,
                entries.getFirst(),
                " console=ttyS0  inetboot.url=old ",
                Optional.empty());
        assertThat(plan.cmdline()).isEqualTo("boot=live quiet console=ttyS0 inetboot.url=https://m/x.iso");
    }

    @Test
    void stage2AddsItsInitTheFamilysHandOverAndItsParametersBeforeWhatTheUserAppends() {
        var stage2 = Optional.of(new Stage2(Path.of("payload"), List.of("nbd"), List.of("inetboot.ip=dhcp")));
        var fedora = new MenuEntry(
                "Fedora",
                "/images/pxeboot/vmlinuz",
                List.of("/images/pxeboot/initrd.img"),
                "root=live:CDLABEL=Fedora rd.live.image quiet root=x",
                true,
                "/EFI/BOOT/grub.cfg",
                Firmware.UEFI,
                false,
                false);
        assertThat(BootPlan.of(
                                "http://m/f.iso",
                                DistroFamily.DRACUT_LIVE,
                                fedora,
                                "rd.shell inetboot.ip=eth0:dhcp",
                                stage2)
                        .cmdline())
                .isEqualTo(
                        "root=live:/dev/nbd0 rd.live.image quiet rdinit=/inetboot/init inetboot.ip=dhcp rd.shell inetboot.ip=eth0:dhcp"
                                + " inetboot.url=http://m/f.iso");
        assertThat(BootPlan.of("http://m/d.iso", DistroFamily.DEBIAN_LIVE, entries.getFirst(), "", stage2)
                        .cmdline())
                .isEqualTo(
                        "boot=live quiet live-media=/dev/nbd0 rdinit=/inetboot/init inetboot.ip=dhcp inetboot.url=http://m/d.iso");
    }
}
