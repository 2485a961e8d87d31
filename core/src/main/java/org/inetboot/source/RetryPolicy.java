package org.inetboot.source;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter. A server's Retry-After is honoured up to {@code maxDelay}.
 *
 * @param attempts  how many times one read is tried in all (1 = no retry)
 * @param baseDelay the delay before the first retry; doubled for each one after it
 * @param maxDelay  the longest single delay
 * @param patience  if not null, how long a read is retried instead, whatever its failures' kind
 */
public record RetryPolicy(int attempts, Duration baseDelay, Duration maxDelay, Duration patience) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(8, Duration.ofMillis(250), Duration.ofSeconds(15));

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
    }

    public RetryPolicy(int attempts, Duration baseDelay, Duration maxDelay) {
        this(attempts, baseDelay, maxDelay, null);
    }

    /**
     * Retries every transient failure (a name that does not resolve included: the name did
     * resolve before) until {@code patience} has passed since the read began: how a system whose
     * root is served waits out an outage.
     */
    public static RetryPolicy patient(Duration patience) {
        return new RetryPolicy(Integer.MAX_VALUE, DEFAULT.baseDelay, DEFAULT.maxDelay, patience);
    }

    /** An action that may fail transiently. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run() throws IOException;
    }

    /** Runs {@code attempt} until it succeeds, fails for good, or the attempts are used up. */
    public <T> T call(Stats stats, Attempt<T> attempt) throws IOException {
        long start = System.nanoTime();
        for (int tried = 1; ; tried++) {
            try {
                return attempt.run();
            } catch (TransientSourceException e) {
                var delay = delay(tried, e);
                var elapsed = Duration.ofNanos(System.nanoTime() - start);
                if (patience == null
                        ? tried >= Math.min(attempts, e.attemptLimit().orElse(attempts))
                        : elapsed.plus(delay).compareTo(patience) > 0) {
                    var spent = patience == null ? "" : " in " + elapsed.toSeconds() + " s";
                    throw new SourceException(
                            e.getMessage() + " (gave up after " + tried + " attempts" + spent + ")", e);
                }
                if (Thread.currentThread().isInterrupted()) { // the reader is being cancelled: no retry to count
                    throw new InterruptedIOException(e.getMessage() + " (interrupted)");
                }
                stats.retry();
                sleep(delay.toMillis());
            }
        }
    }

    private static void sleep(long millis) throws InterruptedIOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry");
        }
    }

    /** The delay before retry number {@code retry} (1-based). */
    Duration delay(int retry, TransientSourceException failure) {
        var asked = failure.retryAfter();
        if (asked.isPresent()) {
            return min(asked.get(), maxDelay);
        }
        long base = baseDelay.toMillis() << Math.min(retry - 1, 20);
        long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        return min(Duration.ofMillis(jittered), maxDelay);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
