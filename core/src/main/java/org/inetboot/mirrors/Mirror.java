package org.inetboot.mirrors;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import org.inetboot.source.Source;

/**
 * One server of the image, and what its reads taught us: latency (from small reads), throughput
 * (from large ones), reads in flight, recent durations by size (for the hedging delay), and
 * whether it is usable, failing (and resting before it is preferred again), or demoted for good.
 */
final class Mirror {

    /** Reads up to this size measure latency; larger ones throughput. */
    private static final int SMALL_READ = 128 << 10;

    private static final double WEIGHT = 0.25;
    /** A failed mirror rests 1 s, doubling up to a minute, before it is preferred again. */
    private static final long REST_MIN_NANOS = Duration.ofSeconds(1).toNanos();

    private static final long REST_MAX_NANOS = Duration.ofMinutes(1).toNanos();
    private static final int SAMPLES = 32;
    /** No hedge sooner: a second request costs a round trip itself, and jitter below this is noise. */
    private static final Duration MIN_HEDGE_DELAY = Duration.ofMillis(20);

    private static final int SIZE_CLASSES = 4;

    final Source source;
    final URI uri;
    final int priority;
    final int rank;

    private double latencySeconds;
    private double bytesPerSecond = 5e6; // until a large read measures it: ranking starts by latency
    private int inFlight;
    private long reads;
    private long bytes;
    private long failures;
    private long badPieces;
    private int consecutiveFailures;
    private long restUntil;
    private String demoted;
    private String lastFailure;
    private final long[][] durations = new long[SIZE_CLASSES][SAMPLES];
    private final int[] durationCount = new int[SIZE_CLASSES];

    /** @param rank its place by Metalink priority, 0 for the most preferred */
    Mirror(Source source, URI uri, int priority, int rank, Duration probe) {
        this.source = source;
        this.uri = uri;
        this.priority = priority;
        this.rank = rank;
        this.latencySeconds = probe.toNanos() / 1e9;
    }

    /** The time a read of {@code length} bytes is expected to take here, queueing behind those in flight. */
    synchronized double cost(int length) {
        double alone = latencySeconds + length / bytesPerSecond;
        return alone * (1 + inFlight) * (1 + 0.1 * rank);
    }

    synchronized boolean usable() {
        return demoted == null;
    }

    synchronized boolean resting(long now) {
        return now < restUntil;
    }

    synchronized void started() {
        inFlight++;
    }

    synchronized void succeeded(int length, long nanos) {
        inFlight--;
        reads++;
        bytes += length;
        consecutiveFailures = 0;
        restUntil = 0;
        double seconds = nanos / 1e9;
        if (length <= SMALL_READ) {
            latencySeconds += WEIGHT * (seconds - latencySeconds);
        } else {
            bytesPerSecond += WEIGHT * (length / Math.max(seconds - latencySeconds, 1e-3) - bytesPerSecond);
        }
        int size = sizeClass(length);
        durations[size][durationCount[size]++ % SAMPLES] = nanos;
    }

    synchronized void failed(long now, String failure) {
        inFlight--;
        failures++;
        lastFailure = failure;
        restUntil = now + Math.min(REST_MAX_NANOS, REST_MIN_NANOS << Math.min(consecutiveFailures++, 6));
    }

    /** Never asked again: bad bytes, another build of the image, or a refusal. */
    synchronized void demote(String reason, boolean badPiece) {
        inFlight--;
        failures++;
        if (badPiece) {
            badPieces++;
        }
        if (demoted == null) {
            demoted = reason;
        }
    }

    /**
     * How long a read of {@code length} bytes may take here before a second mirror is asked too:
     * the 95th percentile of recent reads of its size, once there are 8, and at least 20 ms.
     */
    synchronized Duration hedgeDelay(int length) {
        int size = sizeClass(length);
        int count = Math.min(durationCount[size], SAMPLES);
        if (count < 8) {
            return null;
        }
        var recent = Arrays.copyOf(durations[size], count);
        Arrays.sort(recent);
        var p95 = Duration.ofNanos(recent[(int) Math.ceil(count * 0.95) - 1]);
        return p95.compareTo(MIN_HEDGE_DELAY) < 0 ? MIN_HEDGE_DELAY : p95;
    }

    /** Reads up to 128 KiB, 512 KiB, 2 MiB, and more. */
    private static int sizeClass(int length) {
        int size = 0;
        for (long limit = SMALL_READ; length > limit && size < SIZE_CLASSES - 1; limit *= 4) {
            size++;
        }
        return size;
    }

    synchronized MirrorReport report() {
        var state = demoted != null
                ? "demoted: " + demoted
                : consecutiveFailures > 0 ? "failing (" + consecutiveFailures + " in a row): " + lastFailure : "active";
        return new MirrorReport(
                uri.toString(),
                priority,
                state,
                reads,
                bytes,
                failures,
                badPieces,
                Math.round(latencySeconds * 1000),
                Math.round(bytesPerSecond));
    }
}
