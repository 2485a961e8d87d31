package org.inetboot.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.inetboot.testing.SampleFiles;
import org.junit.jupiter.api.Test;

class ReadAheadSourceTest {

    private final BytesSource inner = new BytesSource(SampleFiles.bytes(64 << 20, 2));
    private final ReadAheadSource readAhead = new ReadAheadSource(inner, 128 << 10, 4 << 20);

    @Test
    void sequentialReadsPrefetchAGrowingWindowAheadInLargeRuns() throws Exception {
        long offset = 0;
        for (int i = 0; i < 64; i++) {
            assertThat(readAhead.readBytes(offset, 64 << 10)).isEqualTo(inner.slice(offset, 64 << 10));
            offset += 64 << 10;
        }
        assertThat(inner.prefetches).isNotEmpty();
        var first = inner.prefetches.getFirst();
        assertThat(first[0])
                .as("a stream prefetches once it has read the initial window")
                .isEqualTo(128 << 10);
        long previousEnd = 0;
        for (var hint : inner.prefetches) {
            assertThat(hint[0]).isGreaterThanOrEqualTo(previousEnd); // never asks twice for the same bytes
            previousEnd = hint[0] + hint[1];
        }
        assertThat(previousEnd).isGreaterThan(offset).isLessThanOrEqualTo(offset + (4 << 20));
        assertThat(inner.prefetches.size()).isLessThan(32); // batched, not one hint per read
    }

    @Test
    void randomReadsPrefetchNothing() throws Exception {
        var random = new java.util.SplittableRandom(3);
        for (int i = 0; i < 200; i++) {
            readAhead.readBytes(random.nextLong(inner.size() - 4096), 4096);
        }
        assertThat(inner.prefetches).isEmpty();
    }

    @Test
    void smallAdjacentReadsArePrefetchedForOnlyAfterTheInitialWindow() throws Exception {
        for (long offset = 0; offset < (120 << 10); offset += 2048) { // directories, one after another
            readAhead.readBytes(offset, 2048);
        }
        assertThat(inner.prefetches).isEmpty();
        for (long offset = 120 << 10; offset < (256 << 10); offset += 2048) {
            readAhead.readBytes(offset, 2048);
        }
        long hinted = inner.prefetches.stream().mapToLong(h -> h[1]).sum();
        assertThat(hinted)
                .as("at most twice what the stream has read")
                .isPositive()
                .isLessThanOrEqualTo(512 << 10);
    }

    @Test
    void interleavedStreamsAreFollowedIndependently() throws Exception {
        long a = 0;
        long b = 32 << 20;
        for (int i = 0; i < 8; i++) {
            readAhead.readBytes(a, 64 << 10);
            readAhead.readBytes(b, 64 << 10);
            a += 64 << 10;
            b += 64 << 10;
        }
        assertThat(inner.prefetches).anyMatch(h -> h[0] < 32 << 20).anyMatch(h -> h[0] >= 32 << 20);
    }
}
