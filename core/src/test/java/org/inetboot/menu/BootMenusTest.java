package org.inetboot.menu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.inetboot.host.Processes;
import org.inetboot.iso.IsoImage;
import org.inetboot.menu.MenuEntry.Firmware;
import org.inetboot.source.FileSource;
import org.inetboot.source.Stats;
import org.inetboot.testing.IsoFixtures;
import org.inetboot.testing.LiveBuildLayout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Menus of real layouts: live-build's own templates, grub-mkrescue, and each family's ISO layout. */
class BootMenusTest {

    @TempDir
    static Path dir;

    static Path liveTree;
    static BootMenus.Menus live;

    @BeforeAll
    static void liveBuildIso() throws IOException {
        liveTree = LiveBuildLayout.write(dir.resolve("live"));
        Processes.run(liveTree.resolve("boot/grub"), List.of("mkfs.fat", "-C", "efi.img", "1440"));
        var image = IsoFixtures.xorriso(
                dir.resolve("live.iso"),
                liveTree,
                "-R",
                "-J",
                "-V",
                "d-live 12.8.0 lx amd64",
                "-b",
                "isolinux/isolinux.bin",
                "-c",
                "isolinux/boot.cat",
                "-no-emul-boot",
                "-boot-load-size",
                "4",
                "-boot-info-table",
                "-eltorito-alt-boot",
                "-e",
                "boot/grub/efi.img",
                "-no-emul-boot");
        live = BootMenus.read(open(image));
    }

    private static IsoImage open(Path image) throws IOException {
        return IsoImage.open(FileSource.open(image, new Stats()));
    }

    /** How many lines of the config files in {@code dir} boot a kernel, counted without our parsers. */
    private static long kernelLines(Path dir, String regex) throws IOException {
        var pattern = Pattern.compile(regex);
        try (Stream<Path> files = Files.list(dir)) {
            long count = 0;
            for (var file : files.filter(f -> f.toString().endsWith(".cfg")).toList()) {
                count += Files.readAllLines(file).stream()
                        .filter(l -> pattern.matcher(l).find())
                        .count();
            }
            return count;
        }
    }

    /** The entries a firmware's menu offers: its own and those both menus offer. */
    private static List<MenuEntry> of(BootMenus.Menus menus, Firmware firmware) {
        return menus.entries().stream()
                .filter(e -> e.firmware() == firmware || e.firmware() == Firmware.BOTH)
                .toList();
    }

    @Test
    void liveBuildMenusAreReadCompletelyAndWithoutWarnings() throws IOException {
        assertThat(live.warnings()).isEmpty();
        assertThat(live.distro()).isEqualTo(DistroFamily.DEBIAN_LIVE);
        assertThat(of(live, Firmware.BIOS)).hasSize((int) kernelLines(liveTree.resolve("isolinux"), "^\\s*linux\\s"));
        assertThat(of(live, Firmware.UEFI))
                .hasSize((int) kernelLines(liveTree.resolve("boot/grub"), "^\\s*linux(16|efi)?\\s"));
        assertThat(live.entries()).noneMatch(e -> e.kernel().endsWith(".c32"));
    }

    @Test
    void liveBuildDefaultsAreTheLiveSystemForEachFirmware() {
        var defaults = live.entries().stream().filter(MenuEntry::isDefault).toList();
        // the two menus boot the live system differently (GRUB adds findiso=), so each has its own default
        assertThat(defaults).extracting(MenuEntry::firmware).containsExactly(Firmware.BIOS, Firmware.UEFI);
        var bios = defaults.get(0);
        assertThat(bios.label()).isEqualTo("Live system (amd64)");
        assertThat(bios.kernel()).isEqualTo("/live/vmlinuz");
        assertThat(bios.initrds()).containsExactly("/live/initrd.img");
        assertThat(bios.cmdline()).isEqualTo(LiveBuildLayout.APPEND_LIVE);
        assertThat(bios.source()).isEqualTo("/isolinux/live.cfg");
        var uefi = defaults.get(1);
        assertThat(uefi.kernel()).isEqualTo("/live/vmlinuz-" + LiveBuildLayout.KERNEL_VERSION);
        assertThat(uefi.cmdline()).isEqualTo(LiveBuildLayout.APPEND_LIVE + " findiso=");
        assertThat(uefi.source()).isEqualTo("/boot/grub/grub.cfg");
    }

    @Test
    void liveBuildInstallerAndMemtestEntries() throws IOException {
        var uefi = of(live, Firmware.UEFI);
        assertThat(uefi)
                .filteredOn(e -> e.label().equals("Expert install"))
                .hasSize((int) kernelLines(liveTree.resolve("boot/grub"), "menuentry 'Expert install'"))
                .allSatisfy(
                        e -> assertThat(e.cmdline()).contains("priority=low").doesNotContain("@"));
        // GRUB's memtest entries sit in an if/elif chain; the .bin one is also isolinux's, unconditionally
        assertThat(uefi)
                .filteredOn(e -> e.label().startsWith("Memory Diagnostic Tool"))
                .extracting(MenuEntry::kernel, MenuEntry::conditional, MenuEntry::firmware)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("/live/memtest", true, Firmware.UEFI),
                        org.assertj.core.groups.Tuple.tuple("/live/memtest.bin", false, Firmware.BOTH),
                        org.assertj.core.groups.Tuple.tuple("/live/memtest.efi", true, Firmware.UEFI));
        assertThat(uefi)
                .filteredOn(e -> e.label().equals("Start installer"))
                .singleElement()
                .satisfies(e -> assertThat(e.conditional()).isFalse())
                .satisfies(e -> assertThat(e.firmware()).isEqualTo(Firmware.BOTH));
        assertThat(live.entries())
                .filteredOn(e -> e.label().equals("Install") && e.kernel().equals("/install/gtk/vmlinuz"))
                .extracting(MenuEntry::firmware)
                .contains(Firmware.BOTH);
        assertThat(of(live, Firmware.BIOS))
                .filteredOn(e -> e.label().equals("Memory Diagnostic Tool (memtest86+)"))
                .extracting(MenuEntry::kernel)
                .containsExactly("/live/memtest.bin");
    }

    @Test
    void loopbackCfgTakesTheIsoPath() throws IOException {
        ConfigFiles files = path -> {
            var file = liveTree.resolve(path.substring(1));
            return Files.isRegularFile(file)
                    ? java.util.Optional.of(Files.readString(file))
                    : java.util.Optional.empty();
        };
        var parse = GrubParser.parse(files, "/boot/grub/loopback.cfg", Map.of("iso_path", "/isos/debian-live.iso"));
        assertThat(parse.entries().getFirst().cmdline())
                .isEqualTo(LiveBuildLayout.APPEND_LIVE + " findiso=/isos/debian-live.iso");
        assertThat(parse.entries().getFirst().isDefault()).isTrue();
    }

    @Test
    void grubMkrescueImagesServeBothFirmwaresFromOneMenu() throws IOException {
        var tree = Files.createDirectories(dir.resolve("rescue/boot/grub"));
        Files.writeString(tree.resolve("grub.cfg"), """
                set timeout=5
                menuentry 'Rescue shell' --class linux {
                    linux /boot/vmlinuz console=ttyS0
                    initrd /boot/initrd.img
                }
                """);
        Files.writeString(tree.getParent().resolve("vmlinuz"), "kernel");
        Files.writeString(tree.getParent().resolve("initrd.img"), "initrd");
        var image = dir.resolve("rescue.iso");
        Processes.run(
                dir,
                List.of(
                        "grub-mkrescue",
                        "-o",
                        image.toString(),
                        dir.resolve("rescue").toString()));
        var menus = BootMenus.read(open(image));
        assertThat(menus.entries()).singleElement().satisfies(e -> {
            assertThat(e.firmware()).isEqualTo(Firmware.BOTH);
            assertThat(e.kernel()).isEqualTo("/boot/vmlinuz");
            assertThat(e.isDefault()).isTrue();
        });
    }
}
