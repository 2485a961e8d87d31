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

    public Snapshot snapshot() {
        return new Snapshot(
                requests.sum(),
                bytesFetched.sum(),
                cacheHits.sum(),
                cacheMisses.sum(),
                retries.sum(),
                (System.nanoTime() - startNanos) / 1_000_000);
    }

    /** The counters at one moment; cache hits and misses count chunks. */
    public record Snapshot(
            long requests, long bytesFetched, long cacheHits, long cacheMisses, long retries, long elapsedMs) {}
}
