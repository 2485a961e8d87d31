package org.inetboot.menu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each piece of the GRUB grammar InetBoot reads, and configurations that are broken on purpose. */
@Timeout(10)
class GrubParserTest {

    private static MenuParse parse(String grubCfg) {
        return parse(Map.of("/boot/grub/grub.cfg", grubCfg), Map.of());
    }

    private static MenuParse parse(Map<String, String> files, Map<String, String> variables) {
        return GrubParser.parse(Configs.of(files), "/boot/grub/grub.cfg", variables);
    }

    @Test
    void multibootEntriesBootTheirFirstModuleAsTheKernelUnderTheHypervisor() {
        var parse = parse("""
                menuentry "Live system with Xen" {
                    multiboot2 --quirk-modules-after-kernel /live/xen.gz console=com1 dom0_mem=1G
                    module2 /live/vmlinuz boot=live components console=hvc0
                    module2 --nounzip /live/initrd.img
                    module2 /live/extra.img
                }
                menuentry "Xen, multiboot v1" {
                    multiboot /boot/xen.gz
                    module /boot/vmlinuz root=/dev/sda1
                }
                menuentry "a multiboot image alone" {
                    multiboot /boot/memtest86+.bin
                }
                menuentry "modules without a hypervisor" {
                    module2 /boot/vmlinuz
                }
                """);
        assertThat(parse.warnings()).isEmpty();
        assertThat(parse.entries()).hasSize(2);
        var xen = parse.entries().get(0);
        assertThat(xen.hypervisor()).contains(new MenuEntry.Hypervisor("/live/xen.gz", "console=com1 dom0_mem=1G"));
        assertThat(xen.kernel()).isEqualTo("/live/vmlinuz");
        assertThat(xen.cmdline()).isEqualTo("boot=live components console=hvc0");
        assertThat(xen.initrds()).containsExactly("/live/initrd.img", "/live/extra.img");
        var v1 = parse.entries().get(1);
        assertThat(v1.hypervisor()).contains(new MenuEntry.Hypervisor("/boot/xen.gz", ""));
        assertThat(v1.kernel()).isEqualTo("/boot/vmlinuz");
        assertThat(v1.initrds()).isEmpty();
    }

    @Test
    void quotingVariablesAndOptions() {
        var parse = parse("""
                set kernel=/casper/vmlinuz
                args="quiet splash"
                set label='Try "it"'
                menuentry "$label ${kernel}" --class ubuntu --id=try --hotkey t {
                    linux ${kernel} $args "with space" 'single $quoted' back\\ slash --- "esc\\"aped"
                    initrd /casper/initrd /casper/extra.img
                }
                """);
        assertThat(parse.warnings()).isEmpty();
        assertThat(parse.entries()).singleElement().satisfies(e -> {
            assertThat(e.label()).isEqualTo("Try \"it\" /casper/vmlinuz");
            assertThat(e.kernel()).isEqualTo("/casper/vmlinuz");
            assertThat(e.cmdline()).isEqualTo("quiet splash with space single $quoted back slash --- esc\"aped");
            assertThat(e.initrds()).containsExactly("/casper/initrd", "/casper/extra.img");
            assertThat(e.isDefault()).isTrue(); // no default set: the first entry
        });
    }

    @Test
    void linuxVariantsDevicePrefixesAndPrefixVariable() {
        var parse = parse(Map.of("/boot/grub/grub.cfg", """
                menuentry efi { linuxefi (loop)/casper/vmlinuz a ; initrdefi ($root)/casper/initrd }
                menuentry legacy {
                  linux16 $prefix/../../memtest.bin
                }
                """), Map.of("prefix", "(cd0)/boot/grub", "root", "cd0"));
        assertThat(parse.entries()).extracting(MenuEntry::kernel).containsExactly("/casper/vmlinuz", "/memtest.bin");
        assertThat(parse.entries().getFirst().initrds()).containsExactly("/casper/initrd");
    }

    @Test
    void defaultByIndexTitleIdAndSubmenuPath() {
        var config = """
                menuentry zero { linux /k0 }
                submenu 'More' --id more {
                  menuentry inner0 { linux /k1 }
                  menuentry 'inner one' --id inner1 { linux /k2 }
                }
                menuentry three --id third { linux /k3 }
                """;
        for (var setting : Map.of(
                        "2",
                        "/k3",
                        "three",
                        "/k3",
                        "third",
                        "/k3",
                        "1>1",
                        "/k2",
                        "More>inner one",
                        "/k2",
                        "more>inner1",
                        "/k2",
                        "0",
                        "/k0")
                .entrySet()) {
            var parse = parse("set default=\"" + setting.getKey() + "\"\n" + config);
            assertThat(parse.entries())
                    .as(setting.getKey())
                    .filteredOn(MenuEntry::isDefault)
                    .extracting(MenuEntry::kernel)
                    .containsExactly(setting.getValue());
        }
        assertThat(parse("set default=\"${saved_entry}\"\n" + config)
                        .entries()
                        .getFirst()
                        .isDefault())
                .isTrue();
        assertThat(parse("set default=99\n" + config).entries()).noneMatch(MenuEntry::isDefault);
    }

    @Test
    void sourceConfigfileAndLoops() {
        var parse = parse(
                Map.of(
                        "/boot/grub/grub.cfg",
                                "source /boot/grub/vars.cfg\nfor k in a b; do\n menuentry \"k-$k\" { linux /$k $common }\ndone\n"
                                        + "configfile /boot/grub/other.cfg\nwhile true; do menuentry never { linux /never }; done\n",
                        "/boot/grub/vars.cfg", "set common=from-source\n",
                        "/boot/grub/other.cfg", "set common=changed\nmenuentry other { linux /o $common }\n"),
                Map.of());
        assertThat(parse.warnings()).isEmpty();
        assertThat(parse.entries())
                .extracting(MenuEntry::label, MenuEntry::cmdline)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("k-a", "from-source"),
                        org.assertj.core.groups.Tuple.tuple("k-b", "from-source"),
                        org.assertj.core.groups.Tuple.tuple("other", "changed"));
    }

    @Test
    void ifBranchesAreAllKeptAndMarkedUnlessLiterallyTrueOrFalse() {
        var parse = parse("""
                search --no-floppy --set=root --label UBUNTU
                if [ "$grub_platform" = "efi" ]; then
                  menuentry efi { linux /efi }
                elif cpuid -l; then
                  menuentry amd64 { linux /amd64 }
                else
                  menuentry other { linux /other }
                fi
                if true; then menuentry yes { linux /yes }; else menuentry no { linux /no }; fi
                if false; then menuentry skipped { linux /skipped }; fi
                menuentry autodetect {
                  if cpuid -l; then linux /k64; initrd /i64; else linux /k32; initrd /i32; fi
                }
                """);
        assertThat(parse.warnings()).isEmpty();
        assertThat(parse.entries())
                .extracting(MenuEntry::label, MenuEntry::kernel, MenuEntry::conditional)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("efi", "/efi", true),
                        org.assertj.core.groups.Tuple.tuple("amd64", "/amd64", true),
                        org.assertj.core.groups.Tuple.tuple("other", "/other", true),
                        org.assertj.core.groups.Tuple.tuple("yes", "/yes", false),
                        org.assertj.core.groups.Tuple.tuple("autodetect", "/k64", true),
                        org.assertj.core.groups.Tuple.tuple("autodetect", "/k32", true));
        assertThat(parse.entries().get(5).initrds()).containsExactly("/i32");
    }

    @Test
    void brokenConfigurationsGiveWarningsAndWhatCouldBeRead() {
        var unterminated = parse("menuentry ok { linux /ok }\nmenuentry 'never closed { linux /x }\n");
        assertThat(unterminated.entries()).extracting(MenuEntry::kernel).containsExactly("/ok");
        assertThat(unterminated.warnings()).anyMatch(w -> w.contains("unterminated single quote"));

        var unclosed = parse("menuentry open {\n linux /open\n");
        assertThat(unclosed.entries()).extracting(MenuEntry::kernel).containsExactly("/open");
        assertThat(unclosed.warnings())
                .containsExactly("/boot/grub/grub.cfg:3: block not closed before the end of the file");

        var stray = parse("}\nfi\nmenuentry after { linux /after }\n");
        assertThat(stray.entries()).extracting(MenuEntry::kernel).containsExactly("/after");
        assertThat(stray.warnings()).hasSize(2);

        var garbage = new StringBuilder();
        var random = new java.util.SplittableRandom(5);
        for (int i = 0; i < 200_000; i++) {
            garbage.append("{}'\"$;\n if then fi menuentry x ab".charAt(random.nextInt(30)));
        }
        var parsed = parse(garbage.toString());
        assertThat(parsed.warnings()).isNotEmpty();
    }

    @Test
    void sourceLoopsEndInAWarning() {
        var parse = parse(
                Map.of("/boot/grub/grub.cfg", "source /boot/grub/grub.cfg\nmenuentry x { linux /x }\n"), Map.of());
        assertThat(parse.entries()).extracting(MenuEntry::kernel).containsExactly("/x");
        assertThat(parse.warnings())
                .containsExactly("/boot/grub/grub.cfg: include loop: /boot/grub/grub.cfg -> /boot/grub/grub.cfg");
    }

    @Test
    void controlCharactersOtherThanBlanksBelongToWords() { // found by MenuFuzzTest: \v made an empty word forever
        var parse = parse("menuentry a {\n linux /vmlinuz a\u000bb\u000c\n}\n");
        assertThat(parse.entries())
                .singleElement()
                .satisfies(e -> assertThat(e.cmdline()).isEqualTo("a\u000bb\u000c"));
    }
}
