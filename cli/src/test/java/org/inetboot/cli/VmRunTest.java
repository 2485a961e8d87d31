package org.inetboot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class VmRunTest {

    @Test
    void aPromptWithoutNewlineIsSeenAndStopsTheRunWithoutWaitingForTheTimeout() throws Exception {
        var shown = new StringWriter();
        long start = System.nanoTime();
        var run = VmRun.run(
                List.of("sh", "-c", "printf 'booting\\r\\nready\\r\\ndebian login: '; exec sleep 60"),
                List.of("ready", "login:"),
                Duration.ofSeconds(30),
                Duration.ZERO,
                new PrintWriter(shown));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(run.times()).containsOnlyKeys("ready", "login:");
        assertThat(run.lines()).containsExactly("booting", "ready", "debian login: ");
        assertThat(shown.toString()).isEqualTo("booting\nready\n".replace("\n", System.lineSeparator()));
    }
}
