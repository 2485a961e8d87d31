package org.inetboot.mirrors;

/**
 * A mirror's state and counters at one moment.
 *
 * @param state          "active", "failing (N in a row): last error", "demoted: why", or "dropped: why" (at open)
 * @param latencyMs      the measured latency of a small read
 * @param bytesPerSecond the measured throughput of large reads
 */
public record MirrorReport(
        String url,
        int priority,
        String state,
        long reads,
        long bytes,
        long failures,
        long badPieces,
        long latencyMs,
        long bytesPerSecond) {}
