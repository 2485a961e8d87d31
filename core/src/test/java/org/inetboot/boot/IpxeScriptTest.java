package org.inetboot.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpxeScriptTest {

    @Test
    void loadsTheKernelWithItsCommandLineAndTheInitrdByNameThenBoots() throws BootException {
        assertThat(IpxeScript.boot(
                        "vmlinuz", "initrd.img", "boot=live quiet inetboot.url=https://m.example/a%20b.iso?x=1;y=2"))
                .isEqualTo(
                        "#!ipxe\nkernel vmlinuz initrd=initrd.img boot=live quiet inetboot.url=https://m.example/a%20b.iso?x=1;y=2\n"
                                + "initrd initrd.img\nboot\n");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "${ip}",
                "|| chain http://x/",
                "&& shell",
                "#comment",
                "\"b c\"",
                "'b'",
                "\\",
                "\nshell",
                "\u00e9t\u00e9"
            })
    void refusesWhatIpxeWouldReadAsItsOwnSyntaxNamingTheOffset(String cmdline) {
        assertThatThrownBy(() -> IpxeScript.boot("vmlinuz", "initrd.img", "quiet " + cmdline))
                .isInstanceOf(BootException.class)
                .hasMessageContaining("at offset 6")
                .hasMessageNotContaining("\n");
    }
}
