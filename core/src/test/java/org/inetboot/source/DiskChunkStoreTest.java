package org.inetboot.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
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
        var store = DiskChunkStore.open(dir, inner, CHUNK, budget).orElseThrow();
        return new BlockCache(inner, store, CHUNK, 4, new Stats());
    }

    private long chunkFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".chunk")).count();
        }
    }

    @Test
    void chunksSurviveARestart() throws Exception {
        cache(1 << 20).readBytes(0, (int) inner.size());
        inner.reads.clear();
        assertThat(cache(1 << 20).readBytes(0, (int) inner.size())).isEqualTo(inner.bytes);
        assertThat(inner.reads).isEmpty();
    }

    @Test
    void aDamagedOrTruncatedChunkIsFetchedAgainNeverServed() throws Exception {
        cache(1 << 20).readBytes(0, 2 * CHUNK);
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
        assertThat(cache(1 << 20).readBytes(0, 2 * CHUNK)).isEqualTo(inner.slice(0, 2 * CHUNK));
        assertThat(inner.reads).isNotEmpty();
    }

    @Test
    void aNewVersionOfTheImageDropsTheOldChunks() throws Exception {
        cache(1 << 20).readBytes(0, 4 * CHUNK);
        assertThat(chunkFiles()).isEqualTo(4);
        inner.version = "v2";
        inner.reads.clear();
        cache(1 << 20).readBytes(0, CHUNK);
        assertThat(inner.reads).hasSize(1);
        assertThat(chunkFiles()).isEqualTo(1);
    }

    @Test
    void theDirectoryStaysWithinItsBudget() throws Exception {
        var cache = cache(6L * (CHUNK + 16));
        for (int i = 0; i < 40; i++) {
            cache.readBytes((long) i * CHUNK, 1);
        }
        assertThat(chunkFiles()).isBetween(1L, 6L);
    }

    @Test
    void anUnwritableCacheOnlyMakesReadsSlower() throws Exception {
        var cache = cache(1 << 20);
        try (Stream<Path> walk = Files.walk(dir)) {
            var imageDir = walk.filter(p -> p.getNameCount() == dir.getNameCount() + 2)
                    .findFirst()
                    .orElseThrow();
            Files.delete(imageDir);
            Files.writeString(imageDir, "not a directory any more");
        }
        assertThat(cache.readBytes(0, 3 * CHUNK)).isEqualTo(inner.slice(0, 3 * CHUNK));
    }

    @Test
    void anyMixOfChunkSizesBudgetsVersionsAndReadsOverOneDirectoryReturnsTheExactBytes() throws Exception {
        var random = new Random(12);
        var versions = new BytesSource[] {
            new BytesSource(SampleFiles.bytes(600_001, 1)),
            new BytesSource(SampleFiles.bytes(600_001, 2)),
            new BytesSource(SampleFiles.bytes(333_333, 3))
        };
        versions[1].version = "v2";
        versions[2].version = "v3";
        for (int step = 0; step < 200; step++) {
            var image = versions[random.nextInt(versions.length)];
            int chunk = 4096 << random.nextInt(6);
            long budget = random.nextInt(4) == 0 ? random.nextInt(200_000) : 1L << 30;
            var store = DiskChunkStore.open(dir, image, chunk, budget).orElseThrow();
            var cache = new BlockCache(image, store, chunk, 1 + random.nextInt(4), new Stats());
            for (int read = 0; read < 5; read++) {
                int length = 1 + random.nextInt(150_000);
                long offset = random.nextLong(image.size() - length + 1);
                assertThat(cache.readBytes(offset, length))
                        .as("step %d: %d bytes at %d, chunk %d", step, length, offset, chunk)
                        .isEqualTo(image.slice(offset, length));
            }
        }
    }

    @Test
    void aChunkFileInAnotherPlaceIsNeverServed() throws Exception {
        cache(1 << 20).readBytes(0, 2 * CHUNK);
        try (Stream<Path> walk = Files.walk(dir)) {
            var files =
                    walk.filter(p -> p.toString().endsWith(".chunk")).sorted().toList();
            Files.copy(files.get(0), files.get(1), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        inner.reads.clear();
        assertThat(cache(1 << 20).readBytes(0, 2 * CHUNK)).isEqualTo(inner.slice(0, 2 * CHUNK));
        assertThat(inner.reads).hasSize(1);
    }

    @Test
    void filesOfTheUserUnderTheDirectoryAreNeverDeleted() throws Exception {
        var own = Files.writeString(dir.resolve("notes.chunk"), "mine");
        cache(1 << 20).readBytes(0, CHUNK);
        Path keyDir;
        try (Stream<Path> walk = Files.walk(dir)) {
            keyDir = walk.filter(p -> p.toString().endsWith(".chunk") && !p.equals(own))
                    .findFirst()
                    .orElseThrow()
                    .getParent();
        }
        var inKeyDir = Files.writeString(keyDir.resolve("keep.txt"), "mine too");
        inner.version = "v2";
        for (int i = 0; i < 10; i++) {
            cache(2L * (CHUNK + 16)).readBytes((long) i * CHUNK, 1);
        }
        assertThat(own).hasContent("mine");
        assertThat(inKeyDir).hasContent("mine too");
        assertThat(chunkFiles()).isBetween(2L, 3L);
    }

    @Test
    void anImageWithoutVersionIsNotCachedOnDisk() throws Exception {
        inner.version = null;
        assertThat(DiskChunkStore.open(dir, inner, CHUNK, 1 << 20)).isEmpty();
    }
}
