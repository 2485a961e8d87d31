package org.inetboot.source;

import java.util.concurrent.atomic.LongAdder;

/** Counters shared by the layers of one source stack. Thread-safe. */
public final class Stats {

    private final long startNanos = System.nanoTime();
    private final LongAdder requests = new LongAdder();
    private final LongAdder bytesFetched = new LongAdder();
    private final LongAdder cacheHits = new LongAdder();
    private final LongAdder cacheMisses = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder mirrorSwitches = new LongAdder();
    private final LongAdder mirrorsDemoted = new LongAdder();
    private final LongAdder badPieces = new LongAdder();
    private final LongAdder hedges = new LongAdder();
    private final LongAdder hedgesWon = new LongAdder();
    private final LongAdder hedgeExtraBytes = new LongAdder();

    /** One request sent to the transport (an HTTP request, a file read). */
    public void request() {
        requests.increment();
    }

    public void fetched(long bytes) {
        bytesFetched.add(bytes);
    }

    public void cacheHits(long chunks) {
        cacheHits.add(chunks);
    }

    public void cacheMisses(long chunks) {
        cacheMisses.add(chunks);
    }

    public void retry() {
        retries.increment();
    }

    /** A read that failed on one mirror went to another. */
    public void switched() {
        mirrorSwitches.increment();
    }

    /** A mirror was demoted for the session; {@code badPiece} when for bytes that did not match the manifest. */
    public void demoted(boolean badPiece) {
        mirrorsDemoted.increment();
        if (badPiece) {
            badPieces.increment();
        }
    }

    /** A slow read was sent to a second mirror too. */
    public void hedged() {
        hedges.increment();
    }

    /** The second mirror of a hedged read answered first. */
    public void hedgeWon() {
        hedgesWon.increment();
    }

    /** The losing request of a hedge completed: bytes fetched for nothing. */
    public void hedgeExtraBytes(long bytes) {
        hedgeExtraBytes.add(bytes);
    }

    public Snapshot snapshot() {
        return new Snapshot(
                requests.sum(),
                bytesFetched.sum(),
                cacheHits.sum(),
                cacheMisses.sum(),
                retries.sum(),
                mirrorSwitches.sum(),
                mirrorsDemoted.sum(),
                badPieces.sum(),
                hedges.sum(),
                hedgesWon.sum(),
                hedgeExtraBytes.sum(),
                (System.nanoTime() - startNanos) / 1_000_000);
    }

    /** The counters at one moment; cache hits and misses count chunks. */
    public record Snapshot(
            long requests,
            long bytesFetched,
            long cacheHits,
            long cacheMisses,
            long retries,
            long mirrorSwitches,
            long mirrorsDemoted,
            long badPieces,
            long hedges,
            long hedgesWon,
            long hedgeExtraBytes,
            long elapsedMs) {}
}
