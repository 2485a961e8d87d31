package org.inetboot.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.inetboot.testing.SampleFiles;
import org.junit.jupiter.api.Test;

class BlockCacheTest {

    private static final int CHUNK = 4096;
    private final BytesSource inner = new BytesSource(SampleFiles.bytes(100 * CHUNK + 123, 1));
    private final Stats stats = new Stats();

    private BlockCache cache(long budget, int maxRequestChunks) {
        return new BlockCache(inner, new MemoryChunkStore(budget), CHUNK, maxRequestChunks, stats);
    }

    @Test
    void everyRangeReadsTheImageBytes() throws Exception {
        var cache = cache(1 << 20, 8);
        var random = new SplittableRandom(7);
        for (int i = 0; i < 500; i++) {
            long offset = random.nextLong(inner.size());
            int length = random.nextInt((int) Math.min(5 * CHUNK, inner.size() - offset) + 1);
            assertThat(cache.readBytes(offset, length)).isEqualTo(inner.slice(offset, length));
        }
        assertThat(cache.readBytes(inner.size() - 5, 5)).isEqualTo(inner.slice(inner.size() - 5, 5));
    }

    @Test
    void adjacentMissingChunksAreFetchedWithOneRequestUpToTheLimit() throws Exception {
        var cache = cache(1 << 20, 8);
        cache.readBytes(0, 8 * CHUNK);
        assertThat(inner.reads).hasSize(1);
        cache.readBytes(10 * CHUNK, 20 * CHUNK);
        assertThat(inner.reads).hasSize(4).allSatisfy(r -> assertThat(r[1]).isLessThanOrEqualTo(8 * CHUNK));
    }

    @Test
    void onlyMissingChunksAreFetchedAroundCachedOnes() throws Exception {
        var cache = cache(1 << 20, 8);
        cache.readBytes(2 * CHUNK, CHUNK);
        inner.reads.clear();
        assertThat(cache.readBytes(0, 5 * CHUNK)).isEqualTo(inner.slice(0, 5 * CHUNK));
        assertThat(inner.reads).extracting(r -> r[0]).containsExactlyInAnyOrder(0L, 3L * CHUNK);
        assertThat(stats.snapshot().cacheHits()).isEqualTo(1);
    }

    @Test
    void concurrentReadersOfOneChunkShareOneFetch() throws Exception {
        inner.delay = Duration.ofMillis(200);
        var cache = cache(1 << 20, 8);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var tasks = new ArrayList<Callable<byte[]>>();
            for (int i = 0; i < 32; i++) {
                int shift = i * 7;
                tasks.add(() -> cache.readBytes(CHUNK + shift, 1000));
            }
            for (var future : pool.invokeAll(tasks)) {
                assertThat(future.get()).hasSize(1000);
            }
        }
        assertThat(inner.reads).hasSize(1);
    }

    @Test
    void aFailedFetchIsReportedAndNotRemembered() throws Exception {
        inner.failuresLeft.set(1);
        inner.transientFailures = false;
        var cache = cache(1 << 20, 8);
        assertThatThrownBy(() -> cache.readBytes(0, 10))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("memory:test at offset 0");
        assertThat(cache.readBytes(0, 10)).isEqualTo(inner.slice(0, 10));
    }

    @Test
    void theBudgetEvictsTheLeastRecentlyUsedChunk() throws Exception {
        var cache = cache(2 * CHUNK, 1);
        cache.readBytes(0, 1);
        cache.readBytes(CHUNK, 1);
        cache.readBytes(0, 1);
        cache.readBytes(2 * CHUNK, 1); // evicts chunk 1, the least recently used
        inner.reads.clear();
        cache.readBytes(0, 1);
        assertThat(inner.reads).isEmpty();
        cache.readBytes(CHUNK, 1);
        assertThat(inner.reads).hasSize(1);
    }

    @Test
    void prefetchFetchesInTheBackgroundForLaterReads() throws Exception {
        var cache = cache(1 << 20, 4);
        cache.prefetch(0, 16 * CHUNK);
        cache.readBytes(0, 16 * CHUNK);
        assertThat(inner.reads).hasSize(4);
        assertThat(stats.snapshot().cacheMisses()).isLessThanOrEqualTo(16);
    }

    @Test
    void rangesOutsideTheImageAreRefusedWithTheOffset() {
        var cache = cache(1 << 20, 8);
        assertThatThrownBy(() -> cache.readBytes(inner.size() - 1, 2))
                .isInstanceOf(SourceException.class)
                .hasMessage("memory:test at offset " + (inner.size() - 1)
                        + ": range of 2 bytes lies outside the image of " + inner.size() + " bytes");
    }
}
