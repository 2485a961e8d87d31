package org.inetboot.agent;

import java.time.Duration;
import org.inetboot.image.Image;
import org.inetboot.source.Stats;

/**
 * Turns stage 2's counters, looked at every few seconds, into the kernel-log lines a user reads
 * when the medium misbehaves: that reads fail and are retried, and for how long they may be; that
 * they still are, every {@value #REMINDER_SECONDS} s; that they succeed again; that reads went to
 * another mirror, or a mirror was dropped for bad bytes. A read that fails for good is said by
 * {@link FailureLog}.
 */
final class EventLog {

    static final int REMINDER_SECONDS = 30;

    private final String url;
    private final Duration outage;
    private final KernelLog log;
    private long retryingSince = -1;
    private long reminded;

    EventLog(String url, Duration outage, KernelLog log) {
        this.url = url;
        this.outage = outage;
        this.log = log;
    }

    /** Watches {@code image}'s counters every {@code period}. */
    static void watch(String url, Duration outage, Image image, Duration period, KernelLog log) {
        var events = new EventLog(url, outage, log);
        Thread.ofVirtual().name("events").start(() -> {
            var before = image.stats().snapshot();
            try {
                while (true) {
                    Thread.sleep(period);
                    var now = image.stats().snapshot();
                    events.look(before, now, System.nanoTime());
                    events.mirrors(before, now, image);
                    before = now;
                }
            } catch (InterruptedException e) {
                // the daemon ends
            }
        });
    }

    /** Compares the counters of the last look with these, at {@code nanoTime}. */
    void look(Stats.Snapshot before, Stats.Snapshot now, long nanoTime) {
        long retries = now.retries() - before.retries();
        if (retries > 0 && retryingSince < 0) {
            retryingSince = reminded = nanoTime;
            log.warning(url + ": " + retries + " requests failed; retrying, each read for up to " + outage.toSeconds()
                    + " s before the system gets an I/O error");
        } else if (retries > 0
                && nanoTime - reminded >= Duration.ofSeconds(REMINDER_SECONDS).toNanos()) {
            reminded = nanoTime;
            log.warning(
                    url + ": still retrying after " + seconds(nanoTime) + " s (" + now.retries() + " retries in all)");
        } else if (retries == 0 && retryingSince >= 0 && now.requests() > before.requests()) {
            log.info(url + ": reads succeed again after " + seconds(nanoTime) + " s of retries");
            retryingSince = -1;
        }
    }

    private void mirrors(Stats.Snapshot before, Stats.Snapshot now, Image image) {
        long switches = now.mirrorSwitches() - before.mirrorSwitches();
        if (switches > 0) {
            log.warning(url + ": " + switches + " reads went to another mirror");
        }
        if (now.mirrorsDemoted() > before.mirrorsDemoted()) {
            image.provenance()
                    .ifPresent(p -> p.mirrors().report().stream()
                            .filter(mirror -> mirror.state().startsWith("demoted"))
                            .forEach(mirror -> log.warning(mirror.url() + ": " + mirror.state())));
        }
    }

    private long seconds(long nanoTime) {
        return Duration.ofNanos(nanoTime - retryingSince).toSeconds();
    }
}
