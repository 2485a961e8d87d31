package org.inetboot.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.inetboot.testing.SampleFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskChunkStoreTest {

    private static final int CHUNK = 4096;

    @TempDir
    Path dir;

    private final BytesSource inner = new BytesSource(SampleFiles.bytes(40 * CHUNK + 17, 5));

    private BlockCache cache(long budget) throws IOException {
        var store = DiskChunkStore.open(dir, inner, budget).orElseThrow();
        return new BlockCache(inner, store, CHUNK, 4, new Stats());
    }

    private long chunkFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".chunk")).count();
        }
    }

    @Test
    void chunksSurviveARestart() throws Exception {
        BytesSource.readAll(cache(1 << 20), 0, (int) inner.size());
        inner.reads.clear();
        assertThat(BytesSource.readAll(cache(1 << 20), 0, (int) inner.size())).isEqualTo(inner.bytes);
        assertThat(inner.reads).isEmpty();
    }

    @Test
    void aDamagedOrTruncatedChunkIsFetchedAgainNeverServed() throws Exception {
        BytesSource.readAll(cache(1 << 20), 0, 2 * CHUNK);
        Path[] files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> p.toString().endsWith(".chunk")).sorted().toArray(Path[]::new);
        }
        var damaged = Files.readAllBytes(files[0]);
        damaged[100] ^= 1;
        Files.write(files[0], damaged);
        var truncated = Files.readAllBytes(files[1]);
        Files.write(files[1], java.util.Arrays.copyOf(truncated, truncated.length - 9));
        inner.reads.clear();
        assertThat(BytesSource.readAll(cache(1 << 20), 0, 2 * CHUNK)).isEqualTo(inner.slice(0, 2 * CHUNK));
        assertThat(inner.reads).isNotEmpty();
    }

    @Test
    void aNewVersionOfTheImageDropsTheOldChunks() throws Exception {
        BytesSource.readAll(cache(1 << 20), 0, 4 * CHUNK);
        assertThat(chunkFiles()).isEqualTo(4);
        inner.version = "v2";
        inner.reads.clear();
        BytesSource.readAll(cache(1 << 20), 0, CHUNK);
        assertThat(inner.reads).hasSize(1);
        assertThat(chunkFiles()).isEqualTo(1);
    }

    @Test
    void theDirectoryStaysWithinItsBudget() throws Exception {
        var cache = cache(6L * (CHUNK + 8));
        for (int i = 0; i < 40; i++) {
            BytesSource.readAll(cache, (long) i * CHUNK, 1);
        }
        assertThat(chunkFiles()).isBetween(1L, 6L);
    }

    @Test
    void anUnwritableCacheOnlyMakesReadsSlower() throws Exception {
        var cache = cache(1 << 20);
        try (Stream<Path> walk = Files.walk(dir)) {
            var imageDir = walk.filter(p -> p.getNameCount() == dir.getNameCount() + 2).findFirst().orElseThrow();
            Files.delete(imageDir);
            Files.writeString(imageDir, "not a directory any more");
        }
        assertThat(BytesSource.readAll(cache, 0, 3 * CHUNK)).isEqualTo(inner.slice(0, 3 * CHUNK));
    }

    @Test
    void anImageWithoutVersionIsNotCachedOnDisk() throws Exception {
        inner.version = null;
        assertThat(DiskChunkStore.open(dir, inner, 1 << 20)).isEmpty();
    }
}
