package org.inetboot.source;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reads the image in aligned chunks and keeps them in a {@link ChunkStore}.
 *
 * <p>Single flight: concurrent readers of a missing chunk share one fetch. Coalescing: adjacent
 * missing chunks of one read (or prefetch) are fetched with one read of the layer below, up to
 * {@code maxRequestChunks} chunks; longer runs become several fetches that run in parallel.
 * Fetches for a {@link #prefetch} are {@link Priority background} work.
 */
public final class BlockCache extends FilterSource {

    private final int chunkSize;
    private final int maxRequestChunks;
    private final ChunkStore store;
    private final Stats stats;
    private final ExecutorService fetchers = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<Long, CompletableFuture<ByteBuffer>> inFlight = new ConcurrentHashMap<>();

    public BlockCache(Source inner, ChunkStore store, int chunkSize, int maxRequestChunks, Stats stats) {
        super(inner);
        if (Integer.bitCount(chunkSize) != 1 || maxRequestChunks < 1) {
            throw new IllegalArgumentException("chunk size must be a power of two, requests at least one chunk");
        }
        this.chunkSize = chunkSize;
        this.maxRequestChunks = maxRequestChunks;
        this.store = store;
        this.stats = stats;
    }

    @Override
    public void read(ByteBuffer dst, long offset) throws IOException {
        Source.checkRange(this, offset, dst.remaining());
        if (!dst.hasRemaining()) {
            return;
        }
        long end = offset + dst.remaining();
        long first = offset / chunkSize;
        var chunks = acquire(first, (end - 1) / chunkSize, true);
        for (int i = 0; i < chunks.size(); i++) {
            long chunkStart = (first + i) * chunkSize;
            var chunk = await(chunks.get(i), chunkStart);
            int from = (int) (Math.max(offset, chunkStart) - chunkStart);
            int to = (int) (Math.min(end, chunkStart + chunk.limit()) - chunkStart);
            dst.put(chunk.slice(from, to - from));
        }
    }

    @Override
    public void prefetch(long offset, long length) {
        long end = Math.min(size(), offset + length);
        if (offset >= 0 && offset < end) {
            acquire(offset / chunkSize, (end - 1) / chunkSize, false);
        }
    }

    @Override
    public void close() throws IOException {
        fetchers.shutdownNow();
        store.close();
        super.close();
    }

    /** Futures for chunks {@code first..last}: stored, in flight, or fetched now in coalesced runs. */
    private List<CompletableFuture<ByteBuffer>> acquire(long first, long last, boolean countStats) {
        int count = (int) (last - first + 1);
        var result = new ArrayList<CompletableFuture<ByteBuffer>>(count);
        var missing = new ArrayList<Long>();
        for (long index = first; index <= last; index++) {
            var stored = store.get(index);
            result.add(stored == null ? null : CompletableFuture.completedFuture(stored));
            if (stored == null) {
                missing.add(index);
            }
        }
        if (countStats) {
            stats.cacheHits(count - missing.size());
            stats.cacheMisses(missing.size());
        }
        for (var run : claim(missing, result, first)) {
            fetchers.execute(countStats ? () -> fetch(run) : () -> Priority.inBackground(() -> fetch(run)));
        }
        return result;
    }

    /**
     * Joins the fetches already in flight for {@code missing} and claims the others, grouped in
     * runs. A claimed chunk is looked up once more: a fetch may have stored it between the first
     * look and the claim, since fetches store a chunk before they leave the in-flight map.
     */
    private List<Run> claim(List<Long> missing, List<CompletableFuture<ByteBuffer>> result, long first) {
        var claimed = new ArrayList<Long>();
        for (long index : missing) {
            var future = new CompletableFuture<ByteBuffer>();
            var running = inFlight.putIfAbsent(index, future);
            if (running == null) {
                claimed.add(index);
            }
            result.set((int) (index - first), running == null ? future : running);
        }
        var runs = new ArrayList<Run>();
        Run run = null;
        for (long index : claimed) {
            var future = result.get((int) (index - first));
            var stored = store.get(index);
            if (stored != null) {
                release(index, future, stored, null);
                run = null;
            } else if (run == null || !run.extend(index, future, maxRequestChunks)) {
                run = new Run(index, future);
                runs.add(run);
            }
        }
        return runs;
    }

    private void fetch(Run run) {
        long start = run.first * chunkSize;
        int length = (int) Math.min((long) run.futures.size() * chunkSize, size() - start);
        var buffer = ByteBuffer.allocate(length);
        Throwable failure = null;
        try {
            inner.read(buffer, start);
            buffer.flip();
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
        for (int i = 0; i < run.futures.size(); i++) {
            ByteBuffer chunk = null;
            if (failure == null) {
                int from = i * chunkSize;
                chunk = buffer.slice(from, Math.min(chunkSize, buffer.limit() - from))
                        .asReadOnlyBuffer();
                store.put(run.first + i, chunk);
            }
            release(run.first + i, run.futures.get(i), chunk, failure);
        }
    }

    /** Completes a claimed chunk and lets later readers find it in the store instead. */
    private void release(long index, CompletableFuture<ByteBuffer> future, ByteBuffer chunk, Throwable failure) {
        inFlight.remove(index, future);
        if (failure == null) {
            future.complete(chunk);
        } else {
            future.completeExceptionally(failure);
        }
    }

    private ByteBuffer await(CompletableFuture<ByteBuffer> future, long offset) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(name() + " at offset " + offset + ": interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new SourceException(name(), offset, "read failed: " + e.getCause(), e.getCause());
        }
    }

    /** Adjacent chunks fetched with one read of the layer below. */
    private static final class Run {
        final long first;
        final List<CompletableFuture<ByteBuffer>> futures = new ArrayList<>();

        Run(long first, CompletableFuture<ByteBuffer> future) {
            this.first = first;
            futures.add(future);
        }

        boolean extend(long index, CompletableFuture<ByteBuffer> future, int max) {
            if (index != first + futures.size() || futures.size() >= max) {
                return false;
            }
            futures.add(future);
            return true;
        }
    }
}
