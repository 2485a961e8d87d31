package org.inetboot.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Stage1Test {

    @Test
    void theImageComesFromInetbootUrlElseFromTheOriginalsNetdir() {
        assertThat(Stage1.imageUrl(KernelCommandLine.parse("quiet netdir=http://old/knoppix.iso")))
                .hasValue("http://old/knoppix.iso");
        assertThat(Stage1.imageUrl(KernelCommandLine.parse("netdir=http://old/ inetboot.url=http://new/x.iso")))
                .hasValue("http://new/x.iso");
        assertThat(Stage1.imageUrl(KernelCommandLine.parse("inetboot.url= quiet")))
                .isEmpty();
        assertThat(Stage1.imageUrl(KernelCommandLine.parse("quiet"))).isEmpty();
    }
}
