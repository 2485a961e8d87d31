package org.inetboot.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KernelLogTest {

    @Test
    void aBurstIsCutAndWhatWasLeftOutIsCountedInTheNextLine() {
        var out = new ByteArrayOutputStream();
        var now = new java.util.concurrent.atomic.AtomicLong();
        var log = new KernelLog(out, now::get);
        for (int i = 0; i < 25; i++) {
            log.warning("line " + i + "\nsecond line");
        }
        var written = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(written).hasSize(KernelLog.BURST);
        assertThat(written[0]).startsWith("<4>inetboot: line 0");
        now.addAndGet(KernelLog.SECONDS_PER_LINE * 1_000_000_000L);
        log.info("back");
        var last = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(last[last.length - 1]).isEqualTo("<6>inetboot: back (15 lines left out before this one)");
    }
}
