package org.inetboot.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KernelCommandLineTest {

    @Test
    void wordsAreSplitOnBlanksAndQuotesKeepBlanksAndAreRemoved() {
        var cmdline =
                KernelCommandLine.parse("BOOT_IMAGE=/boot/vmlinuz  quiet inetboot.append=\"console=ttyS0 nomodeset\"\n"
                        + "\"inetboot.url=http://m/a b.iso\" netdir=http://old/\n");
        assertThat(cmdline.words())
                .containsExactly(
                        "BOOT_IMAGE=/boot/vmlinuz",
                        "quiet",
                        "inetboot.append=console=ttyS0 nomodeset",
                        "inetboot.url=http://m/a b.iso",
                        "netdir=http://old/");
        assertThat(cmdline.value("inetboot.append")).hasValue("console=ttyS0 nomodeset");
        assertThat(cmdline.value("inetboot.url")).hasValue("http://m/a b.iso");
        assertThat(cmdline.value("quiet")).isEmpty();
        assertThat(cmdline.value("inetboot")).isEmpty();
    }

    @Test
    void theLastValueWinsAndAnEmptyValueIsAValue() {
        var cmdline = KernelCommandLine.parse("ip=dhcp ip=off inetboot.entry=");
        assertThat(cmdline.value("ip")).hasValue("off");
        assertThat(cmdline.value("inetboot.entry")).hasValue("");
        assertThat(KernelCommandLine.parse("").words()).isEmpty();
        assertThat(KernelCommandLine.parse("a=\"\"").value("a")).hasValue("");
    }
}
