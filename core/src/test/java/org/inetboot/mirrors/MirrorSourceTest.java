package org.inetboot.mirrors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import org.inetboot.metalink.Pieces;
import org.inetboot.source.BytesSource;
import org.inetboot.source.SourceException;
import org.inetboot.source.Stats;
import org.inetboot.source.TransientSourceException;
import org.junit.jupiter.api.Test;

/** The mirror layer over in-memory mirrors that lie, fail or slow down on cue. */
class MirrorSourceTest {

    private static final int PIECE = 4096;
    private final byte[] image = new byte[16 * PIECE];
    private final Stats stats = new Stats();

    MirrorSourceTest() {
        new Random(6249).nextBytes(image);
    }

    @Test
    void aBadPieceDemotesItsMirrorAtOnceAndComesFromAnother() throws Exception {
        var tampered = image.clone();
        tampered[3 * PIECE + 17] ^= 1;
        var bad = new BytesSource(tampered);
        var good = new BytesSource(image);
        var source = mirrors(bad, good);

        assertArrayEquals(slice(0, 8 * PIECE), read(source, 0, 8 * PIECE));
        assertThat(source.report().getFirst().state())
                .isEqualTo("demoted: bad piece: m0 at offset 12288: piece 3 (bytes 12288-16383)"
                        + " does not match its SHA-256 in the manifest");
        assertEquals(1, stats.snapshot().badPieces());
        int before = bad.reads.size();
        read(source, 8 * PIECE, 8 * PIECE);
        assertEquals(before, bad.reads.size(), "a demoted mirror is never asked again");
    }

    @Test
    void aFailedReadGoesToTheNextMirrorAndTheFailedOneRests() throws Exception {
        var flaky = new BytesSource(image);
        flaky.failuresLeft.set(1);
        var source = mirrors(flaky, new BytesSource(image));
        assertArrayEquals(slice(PIECE, PIECE), read(source, PIECE, PIECE));
        assertEquals(1, stats.snapshot().mirrorSwitches());
        assertEquals(
                "failing (1 in a row): memory:test at offset 4096: injected",
                source.report().getFirst().state());
    }

    @Test
    void noMirrorWithGoodBytesIsOneLineNamingThePieceAndOffset() {
        var tampered = image.clone();
        tampered[5 * PIECE] ^= 1;
        var source = mirrors(new BytesSource(tampered), new BytesSource(tampered));
        var e = assertThrows(SourceException.class, () -> read(source, 4 * PIECE, 2 * PIECE));
        assertThat(e).isNotInstanceOf(TransientSourceException.class);
        assertEquals(
                "manifest at offset 16384: no mirror has good bytes for piece 5; last: m1 at offset 20480:"
                        + " piece 5 (bytes 20480-24575) does not match its SHA-256 in the manifest",
                e.getMessage());
    }

    @Test
    void failuresEverywhereAreTransientForTheRetryAbove() {
        var a = new BytesSource(image);
        var b = new BytesSource(image);
        a.failuresLeft.set(1);
        b.failuresLeft.set(1);
        assertThrows(TransientSourceException.class, () -> read(mirrors(a, b), 0, PIECE));
    }

    @Test
    void aSlowReadIsHedgedOnTheNextMirrorAfterTheLearnedDelay() throws Exception {
        var slow = new BytesSource(image);
        var fast = new BytesSource(image);
        var source = mirrors(Duration.ofSeconds(1), slow, fast); // a slow probe keeps the warm-up on mirror 0
        for (int i = 0; i < 10; i++) { // teaches mirror 0's 95th percentile for small reads
            read(source, 0, PIECE);
        }
        var before = stats.snapshot(); // a pause of the test's JVM may already have hedged a warm-up read
        slow.delay = Duration.ofSeconds(5);
        long start = System.nanoTime();
        assertArrayEquals(slice(2 * PIECE, PIECE), read(source, 2 * PIECE, PIECE));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        var after = stats.snapshot();
        assertEquals(1, after.hedges() - before.hedges());
        assertEquals(1, after.hedgesWon() - before.hedgesWon());
    }

    @Test
    void hedgesStayWithinTheirBudget() throws Exception {
        var slow = new BytesSource(image);
        var alsoSlow = new BytesSource(image);
        var source = mirrors(slow, alsoSlow);
        for (int i = 0; i < 10; i++) {
            read(source, 0, PIECE);
        }
        slow.delay = Duration.ofMillis(30);
        alsoSlow.delay = Duration.ofMillis(30);
        for (int i = 0; i < 100; i++) {
            read(source, 0, PIECE);
        }
        assertThat(stats.snapshot().hedges()).isBetween(1L, 5L + 110 / 20 + 1);
    }

    @Test
    void parallelReadsSpreadOverTheMirrors() throws Exception {
        var a = new BytesSource(image);
        var b = new BytesSource(image);
        a.delay = b.delay = Duration.ofMillis(50);
        var source = mirrors(a, b);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var reads = new ArrayList<java.util.concurrent.Future<byte[]>>();
            for (int i = 0; i < 8; i++) {
                int piece = i;
                reads.add(pool.submit(() -> read(source, piece * PIECE, PIECE)));
            }
            for (int i = 0; i < 8; i++) {
                assertArrayEquals(slice(i * PIECE, PIECE), reads.get(i).get());
            }
        }
        assertThat(a.reads).isNotEmpty();
        assertThat(b.reads).isNotEmpty();
    }

    private MirrorSource mirrors(BytesSource... servers) {
        return mirrors(Duration.ofMillis(1), servers);
    }

    /** Mirror 0's probe took 1 ms, the others' {@code laterProbes}: the ranking's first latencies. */
    private MirrorSource mirrors(Duration laterProbes, BytesSource... servers) {
        var hashes = new byte[16 * 32];
        for (int i = 0; i < 16; i++) {
            var digest = Pieces.sha256();
            digest.update(image, i * PIECE, PIECE);
            System.arraycopy(digest.digest(), 0, hashes, i * 32, 32);
        }
        var pieces = Pieces.of(image.length, PIECE, hashes);
        var list = new ArrayList<Mirror>();
        for (int i = 0; i < servers.length; i++) {
            var named = new Named(servers[i], "m" + i);
            try {
                list.add(new Mirror(
                        new VerifyingSource(named, pieces),
                        URI.create("http://m" + i + "/"),
                        i + 1,
                        i,
                        i == 0 ? Duration.ofMillis(1) : laterProbes));
            } catch (SourceException e) {
                throw new AssertionError(e);
            }
        }
        return new MirrorSource("manifest", image.length, "v", list, List.of(), stats);
    }

    /** A mirror's name in messages. */
    private static final class Named extends org.inetboot.source.FilterSource {
        private final String name;

        Named(BytesSource inner, String name) {
            super(inner);
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }
    }

    private static byte[] read(MirrorSource source, long offset, int length) throws Exception {
        var buffer = ByteBuffer.allocate(length);
        source.read(buffer, offset);
        assertEquals(length, buffer.position());
        return buffer.array();
    }

    private byte[] slice(int offset, int length) {
        return java.util.Arrays.copyOfRange(image, offset, offset + length);
    }
}
