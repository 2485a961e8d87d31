package org.inetboot.menu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inetboot.boot.BootPlan;
import org.inetboot.boot.Stage2;
import org.inetboot.iso.IsoImage;
import org.inetboot.menu.MenuEntry.Firmware;
import org.inetboot.source.FileSource;
import org.inetboot.source.Stats;
import org.inetboot.testing.IsoFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each family's ISO layout and menus, written after the distributions' own, read and recognised. */
class DistroFamiliesTest {

    @TempDir
    Path dir;

    /** An ISO (Rock Ridge; a BIOS El Torito image when {@code biosImage} is given) of files with the given text. */
    private BootMenus.Menus menus(String name, Map<String, String> files, String biosImage) throws IOException {
        var tree = dir.resolve(name);
        for (var file : files.entrySet()) {
            var path = tree.resolve(file.getKey().substring(1));
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        var args = new ArrayList<>(List.of("-R", "-J"));
        if (biosImage != null) {
            args.addAll(List.of("-b", biosImage.substring(1), "-no-emul-boot", "-boot-load-size", "4"));
        }
        var image = IsoFixtures.xorriso(dir.resolve(name + ".iso"), tree, args.toArray(String[]::new));
        var menus = BootMenus.read(IsoImage.open(FileSource.open(image, new Stats())));
        assertThat(menus.warnings()).isEmpty();
        return menus;
    }

    private static MenuEntry defaultEntry(BootMenus.Menus menus) {
        return menus.entries().stream().filter(MenuEntry::isDefault).findFirst().orElseThrow();
    }

    /** The command line stage 1 gives the entry when stage 2 goes along. */
    private static String handedOver(BootMenus.Menus menus, MenuEntry entry) {
        var stage2 = new Stage2(Path.of("stage2.cpio.zst"), List.of("nbd"), List.of());
        return BootPlan.of("http://m/x.iso", menus.distro(), entry, "", Optional.of(stage2))
                .cmdline();
    }

    @Test
    void ubuntuCasperWithGrubOnly() throws IOException {
        var grub = """
                set timeout=30
                loadfont unicode
                set menu_color_normal=white/black
                menuentry "Try or Install Ubuntu" {
                \tset gfxpayload=keep
                \tlinux\t/casper/vmlinuz  --- quiet splash
                \tinitrd\t/casper/initrd
                }
                menuentry "Ubuntu (safe graphics)" {
                \tset gfxpayload=keep
                \tlinux\t/casper/vmlinuz  nomodeset --- quiet splash
                \tinitrd\t/casper/initrd
                }
                grub_platform
                if [ "$grub_platform" = "efi" ]; then
                menuentry 'Boot from next volume' {
                \texit 1
                }
                menuentry 'UEFI Firmware Settings' {
                \tfwsetup
                }
                else
                menuentry 'Test memory' {
                \tlinux16 /boot/memtest86+x64.bin
                }
                fi
                """;
        var menus = menus(
                "ubuntu",
                Map.of(
                        "/boot/grub/grub.cfg",
                        grub,
                        "/boot/grub/i386-pc/eltorito.img",
                        "grub",
                        "/casper/filesystem.squashfs",
                        "root",
                        "/casper/vmlinuz",
                        "k",
                        "/casper/initrd",
                        "i",
                        "/boot/grub/loopback.cfg",
                        "menuentry x {\n linux /casper/vmlinuz iso-scan/filename=${iso_path}\n}\n"),
                "/boot/grub/i386-pc/eltorito.img");
        assertThat(menus.distro()).isEqualTo(DistroFamily.UBUNTU_CASPER);
        assertThat(menus.entries())
                .extracting(MenuEntry::label)
                .containsExactly("Try or Install Ubuntu", "Ubuntu (safe graphics)", "Test memory");
        assertThat(menus.entries()).allMatch(e -> e.firmware() == Firmware.BOTH);
        assertThat(defaultEntry(menus).cmdline()).isEqualTo("--- quiet splash");
        assertThat(handedOver(menus, defaultEntry(menus)))
                .isEqualTo("--- quiet splash live-media=/dev/nbd0 rdinit=/inetboot/init inetboot.url=http://m/x.iso");
        assertThat(menus.entries().getLast().conditional()).isTrue();
    }

    @Test
    void fedoraLiveWithGrubForBothAndDefaultByIndexInASubmenuLayout() throws IOException {
        var grub = """
                set default="1"
                function load_video {
                  insmod all_video
                }
                load_video
                set timeout=60
                search --no-floppy --set=root -l 'Fedora-WS-Live-39-1-5'
                menuentry 'Start Fedora-Workstation-Live 39' --class fedora --class gnu-linux --class gnu --class os {
                	linux /images/pxeboot/vmlinuz root=live:CDLABEL=Fedora-WS-Live-39-1-5  rd.live.image quiet rhgb
                	initrd /images/pxeboot/initrd.img
                }
                menuentry 'Test this media & start Fedora-Workstation-Live 39' --class fedora --class gnu-linux --class gnu --class os {
                	linux /images/pxeboot/vmlinuz root=live:CDLABEL=Fedora-WS-Live-39-1-5  rd.live.image rd.live.check quiet
                	initrd /images/pxeboot/initrd.img
                }
                submenu 'Troubleshooting -->' {
                	menuentry 'Start Fedora-Workstation-Live 39 in basic graphics mode' --class fedora {
                		linux /images/pxeboot/vmlinuz root=live:CDLABEL=Fedora-WS-Live-39-1-5  rd.live.image nomodeset quiet rhgb
                		initrd /images/pxeboot/initrd.img
                	}
                	menuentry 'Boot first drive' --class fedora {
                		chainloader (hd0)+1
                	}
                }
                """;
        var menus = menus(
                "fedora",
                Map.of(
                        "/boot/grub2/grub.cfg",
                        grub,
                        "/EFI/BOOT/grub.cfg",
                        grub,
                        "/LiveOS/squashfs.img",
                        "root",
                        "/images/eltorito.img",
                        "grub",
                        "/images/pxeboot/vmlinuz",
                        "k"),
                "/images/eltorito.img");
        assertThat(menus.distro()).isEqualTo(DistroFamily.DRACUT_LIVE);
        assertThat(menus.entries()).hasSize(3);
        assertThat(defaultEntry(menus).label()).isEqualTo("Test this media & start Fedora-Workstation-Live 39");
        assertThat(defaultEntry(menus).cmdline())
                .isEqualTo("root=live:CDLABEL=Fedora-WS-Live-39-1-5 rd.live.image rd.live.check quiet");
        assertThat(handedOver(menus, defaultEntry(menus)))
                .isEqualTo("root=live:/dev/nbd0 rd.live.image quiet rdinit=/inetboot/init inetboot.url=http://m/x.iso");
    }

    @Test
    void archWithWhichsysConfigLabelsRootRelativeIncludesAndSeveralInitrds() throws IOException {
        var menus = menus(
                "arch",
                Map.of(
                        "/boot/syslinux/syslinux.cfg",
                        """
                        DEFAULT select

                        LABEL select
                        COM32 boot/syslinux/whichsys.c32
                        APPEND -pxe- pxe -sys- sys -iso- sys

                        LABEL sys
                        CONFIG boot/syslinux/archiso_sys.cfg
                        """,
                        "/boot/syslinux/archiso_sys.cfg",
                        """
                        INCLUDE boot/syslinux/archiso_head.cfg

                        DEFAULT arch64
                        TIMEOUT 150

                        INCLUDE boot/syslinux/archiso_sys-linux.cfg
                        """,
                        "/boot/syslinux/archiso_head.cfg",
                        "SERIAL 0 115200\nUI vesamenu.c32\nMENU TITLE Arch Linux\n",
                        "/boot/syslinux/archiso_sys-linux.cfg",
                        """
                        LABEL arch64
                        TEXT HELP
                        Boot the Arch Linux install medium on BIOS.
                        LABEL not-a-label
                        ENDTEXT
                        MENU LABEL Arch Linux install medium (x86_64, BIOS)
                        LINUX /arch/boot/x86_64/vmlinuz-linux
                        INITRD /arch/boot/intel-ucode.img,/arch/boot/amd-ucode.img,/arch/boot/x86_64/initramfs-linux.img
                        APPEND archisobasedir=arch archisosearchuuid=2023-11-01-08-03-22-00
                        """,
                        "/boot/syslinux/isolinux.bin",
                        "isolinux",
                        "/arch/boot/x86_64/vmlinuz-linux",
                        "k"),
                "/boot/syslinux/isolinux.bin");
        assertThat(menus.distro()).isEqualTo(DistroFamily.ARCH);
        assertThat(menus.entries()).singleElement().satisfies(e -> {
            assertThat(e.label()).isEqualTo("Arch Linux install medium (x86_64, BIOS)");
            assertThat(e.initrds())
                    .containsExactly(
                            "/arch/boot/intel-ucode.img",
                            "/arch/boot/amd-ucode.img",
                            "/arch/boot/x86_64/initramfs-linux.img");
            assertThat(e.source()).isEqualTo("/boot/syslinux/archiso_sys-linux.cfg");
            assertThat(e.firmware()).isEqualTo(Firmware.BIOS);
            assertThat(handedOver(menus, e))
                    .isEqualTo("archisobasedir=arch archisodevice=/dev/nbd0 copytoram=n rdinit=/inetboot/init"
                            + " inetboot.url=http://m/x.iso");
        });
    }

    @Test
    void knoppixWithRelativeKernelGlobalAppendAndOldStyleDefault() throws IOException {
        var append = "ramdisk_size=100000 lang=en apm=power-off initrd=minirt.gz nomce loglevel=1 tz=localtime";
        var menus = menus(
                "knoppix",
                Map.of(
                        "/boot/isolinux/isolinux.cfg",
                        "DEFAULT linux\nAPPEND " + append + "\nTIMEOUT 300\nPROMPT 1\n"
                                + "DISPLAY boot.msg\nF1 boot.msg\nLABEL knoppix\nKERNEL linux\nAPPEND " + append + "\n"
                                + "LABEL adriane\nKERNEL linux\nAPPEND " + append
                                + " adriane\nLABEL linux64\nKERNEL linux64\n",
                        "/boot/isolinux/isolinux.bin",
                        "isolinux",
                        "/KNOPPIX/KNOPPIX",
                        "cloop"),
                "/boot/isolinux/isolinux.bin");
        assertThat(menus.distro()).isEqualTo(DistroFamily.KNOPPIX);
        assertThat(menus.entries())
                .extracting(MenuEntry::label)
                .containsExactly("knoppix", "adriane", "linux64", "linux");
        var linux64 = menus.entries().get(2);
        assertThat(linux64.kernel()).isEqualTo("/boot/isolinux/linux64");
        assertThat(linux64.initrds()).containsExactly("/boot/isolinux/minirt.gz");
        assertThat(linux64.cmdline())
                .isEqualTo("ramdisk_size=100000 lang=en apm=power-off nomce loglevel=1 tz=localtime");
        var oldStyle = defaultEntry(menus);
        assertThat(oldStyle.label()).isEqualTo("linux");
        assertThat(oldStyle.kernel()).isEqualTo("/boot/isolinux/linux");
        assertThat(oldStyle.initrds()).containsExactly("/boot/isolinux/minirt.gz");
    }

    @Test
    void openSuseLiveWithLoaderDirectoryAndLocalboot() throws IOException {
        var menus = menus(
                "opensuse",
                Map.of(
                        "/boot/x86_64/loader/isolinux.cfg",
                        """
                        default live
                        implicit 1
                        ui gfxboot bootlogo isolinux.msg
                        prompt 1
                        timeout 600
                        label live
                          kernel linux
                          append initrd=initrd ramdisk_size=512000 splash=silent quiet root=live:CDLABEL=openSUSE_Tumbleweed_KDE_Live rd.live.image
                        label harddisk
                          localboot 0x80
                        """,
                        "/boot/x86_64/loader/linux",
                        "k",
                        "/boot/x86_64/loader/isolinux.bin",
                        "isolinux",
                        "/LiveOS/squashfs.img",
                        "root"),
                "/boot/x86_64/loader/isolinux.bin");
        assertThat(menus.distro()).isEqualTo(DistroFamily.OPENSUSE);
        assertThat(menus.entries()).singleElement().satisfies(e -> {
            assertThat(e.kernel()).isEqualTo("/boot/x86_64/loader/linux");
            assertThat(e.initrds()).containsExactly("/boot/x86_64/loader/initrd");
            assertThat(e.isDefault()).isTrue();
        });
    }

    @Test
    void debianInstallerWithVesamenuIncludesAndMenuDefault() throws IOException {
        var menus = menus(
                "netinst",
                Map.of(
                        "/isolinux/isolinux.cfg",
                        "# D-I config version 2.0\npath \ninclude menu.cfg\ndefault vesamenu.c32\nprompt 0\ntimeout 0\n",
                        "/isolinux/menu.cfg",
                        "menu hshift 4\nmenu width 70\nmenu title Debian GNU/Linux installer menu (BIOS mode)\n"
                                + "include gtk.cfg\nmenu begin install\n\tmenu label ^Text install\n\tinclude txt.cfg\nmenu end\n",
                        "/isolinux/gtk.cfg",
                        "default installgui\nlabel installgui\n\tmenu label ^Graphical install\n\tmenu default\n"
                                + "\tkernel /install.amd/vmlinuz\n\tappend vga=788 initrd=/install.amd/gtk/initrd.gz --- quiet \n",
                        "/isolinux/txt.cfg",
                        "label install\n\tmenu label ^Install\n\tkernel /install.amd/vmlinuz\n"
                                + "\tappend vga=788 initrd=/install.amd/initrd.gz --- quiet \nlabel hidden\n\tmenu hide\n"
                                + "\tkernel /install.amd/vmlinuz\n\tappend priority=low initrd=/install.amd/initrd.gz\n",
                        "/isolinux/isolinux.bin",
                        "isolinux",
                        "/install.amd/vmlinuz",
                        "k"),
                "/isolinux/isolinux.bin");
        assertThat(menus.distro()).isEqualTo(DistroFamily.DEBIAN_INSTALLER);
        assertThat(menus.entries())
                .extracting(MenuEntry::label, MenuEntry::isDefault, MenuEntry::hidden)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Graphical install", true, false),
                        org.assertj.core.groups.Tuple.tuple("Install", false, false),
                        org.assertj.core.groups.Tuple.tuple("hidden", false, true));
        assertThat(menus.entries().getFirst().cmdline()).isEqualTo("vga=788 --- quiet");
    }

    @Test
    void anImageWithoutMenusIsUnknown() throws IOException {
        var menus = menus("plain", Map.of("/README", "nothing to boot"), null);
        assertThat(menus.distro()).isEqualTo(DistroFamily.UNKNOWN);
        assertThat(menus.entries()).isEmpty();
    }
}
