package org.inetboot.menu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each piece of the syslinux grammar, and configurations that are broken on purpose. */
@Timeout(10)
class SyslinuxParserTest {

    private static MenuParse parse(Map<String, String> files) {
        return SyslinuxParser.parse(Configs.of(files), "/isolinux/isolinux.cfg");
    }

    @Test
    void keywordsInAnyCaseWithCommentsAndTheInitrdsOfAppendAndInitrd() {
        var parse = parse(Map.of("/isolinux/isolinux.cfg", """
                # a comment
                DeFaUlT two
                label one
                  KERNEL vmlinuz
                  INITRD a.img,b.img
                  append quiet
                LABEL two
                  Linux ../boot/vmlinuz
                  APPEND initrd=/x.img,y.img root=/dev/sr0 initrd=/z.img quiet
                """));
        assertThat(parse.warnings()).isEmpty();
        var one = parse.entries().get(0);
        assertThat(one.kernel()).isEqualTo("/isolinux/vmlinuz");
        assertThat(one.initrds()).containsExactly("/isolinux/a.img", "/isolinux/b.img");
        assertThat(one.cmdline()).isEqualTo("quiet");
        var two = parse.entries().get(1);
        assertThat(two.kernel()).isEqualTo("/boot/vmlinuz");
        assertThat(two.initrds()).containsExactly("/z.img"); // the last initrd= counts, as in syslinux
        assertThat(two.cmdline()).isEqualTo("root=/dev/sr0 quiet");
        assertThat(two.isDefault()).isTrue();
        assertThat(one.isDefault()).isFalse();
    }

    @Test
    void mbootAppendNamesTheHypervisorThenTheKernelThenTheInitrds() {
        var parse = parse(Map.of("/isolinux/isolinux.cfg", """
                label xen
                  kernel mboot.c32
                  append ../live/xen.gz console=com1 --- /live/vmlinuz boot=live console=hvc0 --- /live/initrd.img
                label hypervisor-alone
                  kernel /isolinux/mboot.c32
                  append /live/xen.gz ---
                label live
                  kernel /live/vmlinuz
                  append boot=live
                """));
        assertThat(parse.warnings()).isEmpty();
        assertThat(parse.entries()).extracting(MenuEntry::label).containsExactly("xen", "live");
        var xen = parse.entries().getFirst();
        assertThat(xen.hypervisor()).contains(new MenuEntry.Hypervisor("/live/xen.gz", "console=com1"));
        assertThat(xen.kernel()).isEqualTo("/live/vmlinuz");
        assertThat(xen.cmdline()).isEqualTo("boot=live console=hvc0");
        assertThat(xen.initrds()).containsExactly("/live/initrd.img");
        assertThat(parse.entries().get(1).hypervisor()).isEmpty();
    }

    @Test
    void menuDefaultWinsOverDefaultAndUiModulesAreNoKernels() {
        var parse = parse(Map.of("/isolinux/isolinux.cfg", """
                UI vesamenu.c32
                DEFAULT one
                LABEL one
                  KERNEL /k1
                LABEL two
                  MENU LABEL ^Second
                  MENU DEFAULT
                  KERNEL /k2
                LABEL hdt
                  COM32 hdt.c32
                LABEL menu
                  KERNEL vesamenu.c32
                LABEL disk
                  LOCALBOOT 0
                """));
        assertThat(parse.entries()).extracting(MenuEntry::label).containsExactly("one", "Second");
        assertThat(parse.entries())
                .filteredOn(MenuEntry::isDefault)
                .extracting(MenuEntry::label)
                .containsExactly("Second");
    }

    @Test
    void includeConfigWithItsDirectoryAndMenuBeginEnd() {
        var parse = parse(Map.of(
                "/isolinux/isolinux.cfg",
                        "INCLUDE sub/menu.cfg\nCONFIG /other/next.cfg /other/dir\nLABEL never\n  KERNEL /never\n",
                "/isolinux/sub/menu.cfg", "MENU BEGIN tools\n  LABEL inner\n    KERNEL inner-kernel\nMENU END\n",
                "/other/next.cfg", "LABEL after\n  KERNEL vmlinuz\n  APPEND initrd=initrd.gz\n"));
        assertThat(parse.warnings()).isEmpty();
        // CONFIG abandons the current configuration: only what the next one says remains
        assertThat(parse.entries()).singleElement().satisfies(e -> {
            assertThat(e.kernel()).isEqualTo("/other/dir/vmlinuz");
            assertThat(e.initrds()).containsExactly("/other/dir/initrd.gz");
            assertThat(e.source()).isEqualTo("/other/next.cfg");
        });
        // after a LABEL, CONFIG is that label's command: a submenu whose entries are read too
        var labelled = parse(Map.of(
                "/isolinux/isolinux.cfg",
                        "LABEL here\n  KERNEL /here\nLABEL more\n  CONFIG /other/next.cfg /other/dir\n",
                "/other/next.cfg", "LABEL after\n  KERNEL vmlinuz\n"));
        assertThat(labelled.entries()).extracting(MenuEntry::kernel).containsExactly("/here", "/other/dir/vmlinuz");
        var included = parse(Map.of(
                "/isolinux/isolinux.cfg", "INCLUDE sub/menu.cfg\n",
                "/isolinux/sub/menu.cfg", "MENU BEGIN tools\n  LABEL inner\n    KERNEL inner-kernel\nMENU END\n"));
        // relative paths are against the current directory, not the included file's
        assertThat(included.entries())
                .singleElement()
                .extracting(MenuEntry::kernel)
                .isEqualTo("/isolinux/inner-kernel");
    }

    @Test
    void textHelpBlocksAreNotConfiguration() {
        var parse = parse(Map.of("/isolinux/isolinux.cfg", """
                LABEL real
                  TEXT HELP
                  LABEL fake
                  KERNEL /fake
                  ENDTEXT
                  KERNEL /real
                """));
        assertThat(parse.entries()).extracting(MenuEntry::kernel).containsExactly("/real");
    }

    @Test
    void includeLoopsAndMissingFilesAreWarningsNotHangs() {
        var parse = parse(Map.of(
                "/isolinux/isolinux.cfg", "INCLUDE a.cfg\nINCLUDE missing.cfg\nLABEL x\n  KERNEL /x\n",
                "/isolinux/a.cfg", "INCLUDE b.cfg\n",
                "/isolinux/b.cfg", "INCLUDE a.cfg\nINCLUDE isolinux.cfg\n"));
        assertThat(parse.entries()).extracting(MenuEntry::kernel).containsExactly("/x");
        assertThat(parse.warnings())
                .containsExactly(
                        "/isolinux/b.cfg: include loop: /isolinux/isolinux.cfg -> /isolinux/a.cfg -> /isolinux/b.cfg -> /isolinux/a.cfg",
                        "/isolinux/b.cfg: include loop: /isolinux/isolinux.cfg -> /isolinux/a.cfg -> /isolinux/b.cfg -> /isolinux/isolinux.cfg",
                        "/isolinux/isolinux.cfg: no such file /isolinux/missing.cfg");
    }

    @Test
    void hugeAndBinaryFilesAreRefusedWithAWarning() {
        var parse = parse(Map.of(
                "/isolinux/isolinux.cfg", "INCLUDE huge.cfg\nINCLUDE binary.cfg\nLABEL x\n  KERNEL /x\n",
                "/isolinux/huge.cfg", "LABEL y\n".repeat(200_000),
                "/isolinux/binary.cfg", "LABEL z\0\1\2\3"));
        assertThat(parse.entries()).extracting(MenuEntry::kernel).containsExactly("/x");
        assertThat(parse.warnings())
                .hasSize(2)
                .anyMatch(w -> w.contains("larger than"))
                .anyMatch(w -> w.contains("binary"));
    }
}
