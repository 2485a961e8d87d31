package org.inetboot.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.inetboot.image.Image;
import org.inetboot.image.OpenOptions;
import org.inetboot.source.Stats;
import org.inetboot.testing.Nginx;
import org.inetboot.testing.SampleFiles;
import org.inetboot.testing.TestCa;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Against a real nginx: exact bytes anywhere in images small and huge, over HTTP/1.1 and HTTPS with HTTP/2. */
@Timeout(120)
class NginxTest {

    private static final long GIB = 1L << 30;
    private static final long HUGE = 6 * GIB + 12345;
    private static final long[] ISLANDS = {0, 2 * GIB - 4096, 4 * GIB - 100, 5 * GIB + 123, HUGE - (1 << 20)};
    private static final int SMALL = 20 << 20;

    @TempDir
    static Path dir;

    static Path huge;
    static Path small;
    static TestCa ca;
    static Nginx http;
    static Nginx https;

    @BeforeAll
    static void start() throws IOException {
        var root = dir.resolve("www");
        java.nio.file.Files.createDirectories(root);
        huge = SampleFiles.sparse(root.resolve("huge.img"), HUGE, 21, ISLANDS);
        small = SampleFiles.write(root.resolve("small.img"), SMALL, 22);
        ca = TestCa.create(dir.resolve("ca"));
        http = Nginx.serve(root, dir.resolve("nginx-http"));
        https = Nginx.serveTls(root, dir.resolve("nginx-https"), ca);
    }

    @AfterAll
    static void stop() throws Exception {
        http.close();
        https.close();
    }

    private static byte[] local(Path file, long offset, int length) throws IOException {
        var buffer = ByteBuffer.allocate(length);
        try (var channel = FileChannel.open(file)) {
            while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) >= 0) {
                // positional reads until full
            }
        }
        return buffer.array();
    }

    private static byte[] remote(Image image, long offset, int length) throws IOException {
        var buffer = ByteBuffer.allocate(length);
        image.source().read(buffer, offset);
        return buffer.array();
    }

    @Test
    void readsOfAnImageLargerThan5GibAreExactEverywhere() throws IOException {
        try (var image = Image.open(http.uri().resolve("huge.img").toString(), OpenOptions.DEFAULT, new Stats())) {
            var info = image.httpInfo().orElseThrow();
            assertThat(info.size()).isEqualTo(HUGE);
            assertThat(info.rangeSupport()).isTrue();
            assertThat(info.httpVersion()).isEqualTo("HTTP/1.1");
            assertThat(info.etag()).startsWith("\"");
            assertThat(info.lastModified()).endsWith("GMT");
            var offsets = new ArrayList<Long>();
            for (long island : ISLANDS) {
                offsets.addAll(List.of(island, island + 1000, Math.max(0, island - 3000)));
            }
            var random = new SplittableRandom(5);
            for (int i = 0; i < 20; i++) {
                offsets.add(random.nextLong(HUGE - 70_000));
            }
            for (long offset : offsets) {
                int length = (int) Math.min(70_000, HUGE - offset);
                assertThat(remote(image, offset, length))
                        .as("offset %d", offset)
                        .isEqualTo(local(huge, offset, length));
            }
            assertThat(remote(image, HUGE - 1, 1)).isEqualTo(local(huge, HUGE - 1, 1));
        }
    }

    @Test
    void httpsWithAnExtraCaUsesHttp2AndReadsExactly() throws IOException {
        var options =
                OpenOptions.DEFAULT.withHttp(HttpOptions.DEFAULT.withExtraCaCertificates(List.of(ca.caCertificate())));
        try (var image = Image.open(https.uri().resolve("small.img").toString(), options, new Stats())) {
            assertThat(image.httpInfo().orElseThrow().httpVersion()).isEqualTo("HTTP/2");
            var random = new SplittableRandom(6);
            for (int i = 0; i < 30; i++) {
                long offset = random.nextLong(SMALL - 300_000);
                assertThat(remote(image, offset, 300_000)).isEqualTo(local(small, offset, 300_000));
            }
        }
    }

    @Test
    void imagesOpenedOneAfterAnotherShareTheProcesssConnection() throws Exception {
        var options =
                OpenOptions.DEFAULT.withHttp(HttpOptions.DEFAULT.withExtraCaCertificates(List.of(ca.caCertificate())));
        try (var own = Nginx.serveTls(dir.resolve("www"), dir.resolve("nginx-own"), ca)) {
            for (var name : List.of("small.img", "huge.img", "small.img")) { // a profile, its image, another
                try (var image = Image.open(own.uri().resolve(name).toString(), options, new Stats())) {
                    assertThat(remote(image, 0, 4096))
                            .isEqualTo(local(name.equals("small.img") ? small : huge, 0, 4096));
                }
            }
            assertThat(own.connections()).as("TLS handshakes").isEqualTo(1);
        }
    }

    @Test
    void anUntrustedCertificateIsRefusedNotIgnored() {
        var url = https.uri().resolve("small.img").toString();
        assertThatThrownBy(() -> Image.open(url, OpenOptions.DEFAULT, new Stats()))
                .hasMessageStartingWith(url + " at offset 0: TLS failed: ")
                .hasMessageContaining("PKIX");
    }

    @Test
    void concurrentReadersShareFetchesAndAdjacentChunksAreCoalesced() throws Exception {
        var stats = new Stats();
        try (var image = Image.open(http.uri().resolve("small.img").toString(), OpenOptions.DEFAULT, stats);
                var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var sameRange = new ArrayList<Callable<byte[]>>();
            for (int i = 0; i < 32; i++) {
                sameRange.add(() -> remote(image, 0, 8 << 20));
            }
            for (var result : pool.invokeAll(sameRange)) {
                assertThat(result.get()).isEqualTo(local(small, 0, 8 << 20));
            }
            // one HEAD, then 8 MiB in 64 KiB chunks coalesced into 2 MiB requests, shared by all 32 readers
            assertThat(stats.snapshot().requests()).isEqualTo(1 + 4);

            var overlapping = new ArrayList<Callable<Void>>();
            for (int t = 0; t < 16; t++) {
                var random = new SplittableRandom(t);
                overlapping.add(() -> {
                    for (int i = 0; i < 40; i++) {
                        long offset = random.nextLong(SMALL - (1 << 20));
                        int length = 1 + random.nextInt(1 << 20);
                        assertThat(remote(image, offset, length)).isEqualTo(local(small, offset, length));
                    }
                    return null;
                });
            }
            for (var result : pool.invokeAll(overlapping)) {
                result.get();
            }
        }
        // the cache holds the whole image, so no byte was fetched twice
        assertThat(stats.snapshot().bytesFetched()).isLessThanOrEqualTo(SMALL);
    }

    @Test
    void aMissingFileIsOneClearError() {
        var url = http.uri().resolve("nothing.iso").toString();
        assertThatThrownBy(() -> Image.open(url, OpenOptions.DEFAULT, new Stats()))
                .hasMessage(url + " at offset 0: HTTP 404 (not found)");
    }
}
