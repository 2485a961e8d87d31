package org.inetboot.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.inetboot.image.Image;
import org.inetboot.image.OpenOptions;
import org.inetboot.profile.BootProfile.Extent;
import org.inetboot.source.Stats;
import org.inetboot.testing.LinkEmulator;
import org.inetboot.testing.Nginx;
import org.inetboot.testing.SampleFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A profile's replay over an emulated 50 ms, 100 Mbit/s link, through the whole source stack. */
@Timeout(120)
class ProfileReplayTest {

    private static final int MIB = 1 << 20;
    private static final Duration RTT = Duration.ofMillis(50);

    @TempDir
    static Path dir;

    static byte[] content;
    static Nginx nginx;
    static LinkEmulator link;
    static String url;

    @BeforeAll
    static void serve() throws Exception {
        var www = Files.createDirectories(dir.resolve("www"));
        content = SampleFiles.bytes(64 * MIB, 91);
        Files.write(www.resolve("live.iso"), content);
        nginx = Nginx.serve(www, dir.resolve("nginx"));
        link = new LinkEmulator(new InetSocketAddress("127.0.0.1", nginx.uri().getPort()), RTT, 100_000_000);
        url = "http://127.0.0.1:" + link.port() + "/live.iso";
    }

    @AfterAll
    static void stop() throws Exception {
        link.close();
        nginx.close();
    }

    private static BootProfile profile(Extent... extents) throws Exception {
        try (var probe = Image.open(url, OpenOptions.DEFAULT, new Stats())) {
            var info = probe.httpInfo().orElseThrow();
            return new BootProfile(info.size(), info.validator(), 64 << 10, 1, List.of(extents));
        }
    }

    /** Milliseconds one small read takes. */
    private static long timed(Image image, long offset) throws Exception {
        long start = System.nanoTime();
        var buffer = ByteBuffer.allocate(4096);
        image.source().read(buffer, offset);
        assertThat(buffer.array()).isEqualTo(java.util.Arrays.copyOfRange(content, (int) offset, (int) offset + 4096));
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    @Test
    void aDemandReadDoesNotWaitBehindTheReplay() throws Exception {
        var profile = profile(new Extent(8 * MIB, 32 * MIB));
        long idle;
        try (var image = Image.open(url, OpenOptions.DEFAULT, new Stats())) {
            timed(image, 0); // a connection, as the replay's image has its probe's
            idle = timed(image, 60 * MIB);
        }
        try (var image = Image.open(url, OpenOptions.DEFAULT.withProfile(profile), new Stats())) {
            timed(image, 0); // the boot's first read opens its connection
            Thread.sleep(500); // the replay streams: two 2 MiB requests at a time
            long busy = timed(image, 60 * MIB);
            System.out.printf(
                    "a 4 KiB read: %d ms on an idle link, %d ms while the profile replays (RTT %d ms)%n",
                    idle, busy, RTT.toMillis());
            assertThat(image.replay().orElseThrow().snapshot().prefetched())
                    .as("the replay was running")
                    .isPositive();
            assertThat(busy).isLessThan(idle + RTT.toMillis());
        }
    }

    @Test
    void theBootFindsTheProfileInTheCacheAndTheReplayStaysWithinItsBudget() throws Exception {
        var profile = profile(new Extent(40 * MIB, 4 * MIB), new Extent(0, 2 * MIB));
        var stats = new Stats();
        try (var image = Image.open(url, OpenOptions.DEFAULT.withProfile(profile), stats)) {
            var replay = image.replay().orElseThrow();
            for (int i = 0; i < 200 && replay.snapshot().prefetched() < 96; i++) {
                Thread.sleep(50);
            }
            long fetchedBefore = stats.snapshot().bytesFetched();
            var buffer = ByteBuffer.allocate(MIB);
            for (long offset = 40 * MIB; offset < 44 * MIB; offset += MIB) {
                image.source().read(buffer.clear(), offset);
                assertThat(buffer.array())
                        .isEqualTo(java.util.Arrays.copyOfRange(content, (int) offset, (int) offset + MIB));
            }
            var snapshot = replay.snapshot();
            assertThat(snapshot.profileBytes()).isEqualTo(6 * MIB);
            assertThat(snapshot.prefetched()).isEqualTo(96); // 64 KiB chunks
            assertThat(snapshot.hits()).isEqualTo(64);
            assertThat(snapshot.misses()).isZero();
            assertThat(snapshot.neverRead()).isEqualTo(32);
            assertThat(stats.snapshot().bytesFetched() - fetchedBefore)
                    .as("the reads came from the cache")
                    .isLessThan(MIB);
        }
    }

    @Test
    void aProfileOfAnotherVersionIsIgnored() throws Exception {
        var stale = new BootProfile(64 * MIB, "\"another-build\"", 64 << 10, 1, List.of(new Extent(0, MIB)));
        try (var image = Image.open(url, OpenOptions.DEFAULT.withProfile(stale), new Stats())) {
            assertThat(image.replay()).isEmpty();
            assertThat(timed(image, 0)).isNotNegative();
        }
    }
}
