package org.inetboot.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreesTest {

    @TempDir
    Path cache;

    @Test
    void buildsOfOneEntryAtTheSameTimeAllGetItWholeAndLeaveNothingBehind() throws Exception {
        var entry = cache.resolve("runtime");
        var fills = new AtomicInteger();
        var builds = new ArrayList<Callable<Path>>();
        for (int i = 0; i < 6; i++) {
            builds.add(() -> Trees.published(entry, dir -> {
                fills.incrementAndGet();
                for (int file = 0; file < 50; file++) {
                    Files.writeString(dir.resolve("part-" + file), "part " + file);
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                }
            }));
        }
        try (var pool = Executors.newFixedThreadPool(builds.size())) {
            for (var result : pool.invokeAll(builds)) {
                var dir = result.get();
                assertThat(dir).isEqualTo(entry);
                try (var files = Files.list(dir)) {
                    assertThat(files.filter(p -> p.getFileName().toString().startsWith("part-"))
                                    .count())
                            .isEqualTo(50);
                }
            }
        }
        try (var left = Files.list(cache)) {
            assertThat(left).containsExactly(entry);
        }
        assertThat(fills.get()).isBetween(1, 6);
        Trees.published(entry, dir -> fills.set(-100));
        assertThat(fills.get()).as("a complete entry is not made again").isPositive();
    }

    @Test
    void aLeftoverOfAnInterruptedBuildIsReplaced() throws Exception {
        var entry = Files.createDirectories(cache.resolve("packages/busybox_1"));
        Files.writeString(entry.resolve("half"), "written before a crash");
        Trees.published(entry, dir -> Files.writeString(dir.resolve("whole"), "done"));
        assertThat(entry.resolve("whole")).hasContent("done");
        assertThat(entry.resolve("half")).doesNotExist();
    }
}
