package org.inetboot.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.inetboot.source.Stats;
import org.junit.jupiter.api.Test;

class EventLogTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final EventLog events =
            new EventLog("http://h/x.iso", Duration.ofSeconds(540), new KernelLog(out, System::nanoTime));
    private final Stats stats = new Stats();
    private Stats.Snapshot before = stats.snapshot();

    @Test
    void anOutageIsSaidWhenItBeginsWhileItLastsAndWhenItEnds() {
        look(0, () -> {}); // quiet: nothing to say
        look(2, () -> {
            stats.request();
            stats.retry();
            stats.retry();
        });
        look(10, stats::retry);
        look(33, stats::retry); // 31 s after the first: a reminder
        look(35, stats::request);
        look(37, stats::request); // nothing more to say
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("""
                        <4>inetboot: http://h/x.iso: 2 requests failed; retrying, each read for up to 540 s before the system gets an I/O error
                        <4>inetboot: http://h/x.iso: still retrying after 31 s (4 retries in all)
                        <6>inetboot: http://h/x.iso: reads succeed again after 33 s of retries
                        """);
    }

    private void look(int second, Runnable counted) {
        counted.run();
        var now = stats.snapshot();
        events.look(before, now, Duration.ofSeconds(second).toNanos());
        before = now;
    }
}
