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
            assertThat(BytesSource.readAll(readAhead, offset, 64 << 10)).isEqualTo(inner.slice(offset, 64 << 10));
            offset += 64 << 10;
        }
        assertThat(inner.prefetches).isNotEmpty();
        var first = inner.prefetches.getFirst();
        assertThat(first[0]).isEqualTo(128 << 10);
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
            BytesSource.readAll(readAhead, random.nextLong(inner.size() - 4096), 4096);
        }
        assertThat(inner.prefetches).isEmpty();
    }

    @Test
    void interleavedStreamsAreFollowedIndependently() throws Exception {
        long a = 0;
        long b = 32 << 20;
        for (int i = 0; i < 8; i++) {
            BytesSource.readAll(readAhead, a, 4096);
            BytesSource.readAll(readAhead, b, 4096);
            a += 4096;
            b += 4096;
        }
        assertThat(inner.prefetches).anyMatch(h -> h[0] < 32 << 20).anyMatch(h -> h[0] >= 32 << 20);
    }
}
