package org.inetboot.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.inetboot.image.Image;
import org.inetboot.image.OpenOptions;
import org.inetboot.source.ImageChangedException;
import org.inetboot.source.RetryPolicy;
import org.inetboot.source.SourceException;
import org.inetboot.source.Stats;
import org.inetboot.testing.Fault;
import org.inetboot.testing.FaultyHttpServer;
import org.inetboot.testing.SampleFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every way a server can misbehave ends in the right bytes or one clear error: never wrong bytes, never a hang. */
@Timeout(60)
class HttpFaultTest {

    private static final int SIZE = 3 << 20;
    private final byte[] content = SampleFiles.bytes(SIZE, 11);
    private final FaultyHttpServer server;
    private final Stats stats = new Stats();
    private OpenOptions options = OpenOptions.DEFAULT
            .withRetry(new RetryPolicy(4, Duration.ofMillis(10), Duration.ofSeconds(3)))
            .withHttp(HttpOptions.DEFAULT.withStallTimeout(Duration.ofSeconds(10)))
            .withChunkSize(64 << 10);

    HttpFaultTest() throws IOException {
        server = new FaultyHttpServer(content);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    /**
     * A one-second stall window, for the tests of stalls only: on a loaded machine (CI) a pause of
     * the JVM can exceed it, which would add a retry to a test that counts them.
     */
    private void quickStallTimeout() {
        options = options.withHttp(options.http().withStallTimeout(Duration.ofSeconds(1)));
    }

    private Image open(String path) throws IOException {
        return Image.open(server.uri(path).toString(), options, stats);
    }

    private byte[] read(Image image, long offset, int length) throws IOException {
        var buffer = ByteBuffer.allocate(length);
        image.source().read(buffer, offset);
        return buffer.array();
    }

    private byte[] expected(long offset, int length) {
        return java.util.Arrays.copyOfRange(content, (int) offset, (int) offset + length);
    }

    private void assertReadsCorrectly(Image image, long offset, int length) throws IOException {
        assertThat(read(image, offset, length)).isEqualTo(expected(offset, length));
    }

    @Test
    void aWellBehavedServerServesExactBytes() throws IOException {
        try (var image = open("/image")) {
            assertThat(image.source().size()).isEqualTo(SIZE);
            assertThat(image.httpInfo().orElseThrow().etag()).isEqualTo("\"v1\"");
            assertReadsCorrectly(image, 0, 1);
            assertReadsCorrectly(image, SIZE - 100_000, 100_000);
            assertReadsCorrectly(image, 777_777, 333_333);
        }
    }

    @Test
    void a200ToARangedRequestIsRejected() throws IOException {
        server.enqueue(Fault.FULL_200);
        try (var image = open("/image")) {
            assertThatThrownBy(() -> read(image, 1000, 10))
                    .isInstanceOf(SourceException.class)
                    .hasMessage(server.uri("/image") + " at offset 0: the server ignored the Range request (HTTP 200);"
                            + " --allow-whole-download would download the whole image instead");
        }
    }

    @Test
    void aWrongContentRangeIsRejected() throws IOException {
        server.enqueue(Fault.WRONG_CONTENT_RANGE);
        try (var image = open("/image")) {
            assertThatThrownBy(() -> read(image, 0, 10))
                    .hasMessageContaining("at offset 0: the server sent Content-Range 'bytes 1-65536/" + SIZE + "'");
        }
    }

    @Test
    void aBodyLongerThanTheRangeIsRejected() throws IOException {
        server.enqueue(Fault.LONG_BODY);
        try (var image = open("/image")) {
            assertThatThrownBy(() -> read(image, 0, 10)).hasMessageContaining("Content-Length 66560 does not match");
        }
    }

    @Test
    void shortBodiesAndResetConnectionsAreRetried() throws IOException {
        server.enqueue(Fault.SHORT_BODY, Fault.RESET_MID_BODY);
        try (var image = open("/image")) {
            assertReadsCorrectly(image, 70_000, 10_000);
        }
        assertThat(stats.snapshot().retries()).isEqualTo(2);
    }

    @Test
    void aStalledTransferIsAbandonedAndRetried() throws IOException {
        quickStallTimeout();
        server.enqueue(Fault.STALL);
        long start = System.nanoTime();
        try (var image = open("/image")) {
            assertReadsCorrectly(image, 0, 50_000);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isBetween(Duration.ofSeconds(1), Duration.ofSeconds(10));
        assertThat(stats.snapshot().retries()).isEqualTo(1);
    }

    @Test
    void aServerThatNeverAnswersIsAbandonedAndRetried() throws IOException {
        quickStallTimeout();
        server.enqueue(Fault.STALL_BEFORE_HEADERS);
        try (var image = open("/image")) {
            assertReadsCorrectly(image, 10, 50_000);
        }
        assertThat(stats.snapshot().retries()).isEqualTo(1);
    }

    @Test
    void aServerThatAlwaysStallsEndsInAClearErrorNotAHang() throws IOException {
        quickStallTimeout();
        server.always(Fault.STALL);
        try (var image = open("/image")) {
            assertThatThrownBy(() -> read(image, 0, 10))
                    .hasMessageMatching(
                            ".* at offset 0: the transfer stalled: no data for 1 s \\(gave up after 4 attempts\\)");
        }
    }

    @Test
    void aTrickleThatIsNeverSilentIsAbandonedForItsRate() throws IOException {
        quickStallTimeout();
        server.always(Fault.TRICKLE);
        long start = System.nanoTime();
        try (var image = open("/image")) {
            assertThatThrownBy(() -> read(image, 0, 10))
                    .hasMessageMatching(
                            ".* at offset 0: the transfer is too slow: \\d+ bytes in 1 s \\(--min-rate is 1024 bytes/s\\) \\(gave up after 4 attempts\\)");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void aReadInFlightWhenTheImageClosesIsCutNotRetried() throws Exception {
        quickStallTimeout();
        server.always(Fault.STALL);
        var transport = new HttpTransport(options.http());
        var http = HttpSource.open(server.uri("/image"), transport, options.retry(), false, stats);
        var retrying = new org.inetboot.source.RetryingSource(http, options.retry(), stats);
        var read = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                retrying.read(java.nio.ByteBuffer.allocate(100_000), 0);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Thread.sleep(300); // the body has started, and stalls
        retrying.close(); // as Image.close does: the sources, then the transport
        transport.close();
        assertThatThrownBy(() -> read.get(5, java.util.concurrent.TimeUnit.SECONDS))
                .hasRootCauseInstanceOf(IOException.class)
                .hasMessageContaining("the image was closed during the read");
        assertThat(stats.snapshot().retries()).isZero();
    }

    @Test
    void unavailableThenAvailableSucceeds() throws IOException {
        server.enqueue(Fault.UNAVAILABLE_503, Fault.UNAVAILABLE_503);
        try (var image = open("/image")) {
            assertReadsCorrectly(image, 123, 456);
        }
        assertThat(stats.snapshot().retries()).isEqualTo(2);
    }

    @Test
    void retryAfterIsHonoured() throws IOException {
        server.enqueue(Fault.RETRY_AFTER_503);
        long start = System.nanoTime();
        try (var image = open("/image")) {
            assertReadsCorrectly(image, 0, 10);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aChangedImageIsReportedNotMixed() throws IOException {
        try (var image = open("/image")) {
            assertReadsCorrectly(image, 0, 10);
            server.replace(SampleFiles.bytes(SIZE, 12), "\"v2\"");
            assertThatThrownBy(() -> read(image, 1 << 20, 10))
                    .isInstanceOf(ImageChangedException.class)
                    .hasMessageContaining("the image changed while it was being read: ETag \"v1\" became \"v2\"");
        }
    }

    @Test
    void aChangedImageIsReportedEvenWhenTheServerIgnoresIfRange() throws IOException {
        server.honourIfRange(false);
        try (var image = open("/image")) {
            server.replace(SampleFiles.bytes(SIZE, 12), "\"v2\"");
            assertThatThrownBy(() -> read(image, 0, 10)).isInstanceOf(ImageChangedException.class);
        }
    }

    @Test
    void redirectChainsAreFollowedToTheFinalUrl() throws IOException {
        try (var image = open("/redirect/6")) {
            var info = image.httpInfo().orElseThrow();
            assertThat(info.url()).isEqualTo(server.uri("/redirect/6"));
            assertThat(info.finalUrl()).isEqualTo(server.uri("/image"));
            assertReadsCorrectly(image, 5, 5000);
        }
    }

    @Test
    void redirectLoopsAndEndlessChainsEndInAClearError() {
        assertThatThrownBy(() -> open("/loop"))
                .hasMessage(server.uri("/loop") + " at offset 0: redirect loop at " + server.uri("/loop"));
        assertThatThrownBy(() -> open("/redirect/30")).hasMessageContaining("more than 10 redirects");
    }

    @Test
    void aServerRefusingHeadIsProbedWithARangedGet() throws IOException {
        server.refuseHead(true);
        try (var image = open("/image")) {
            assertThat(image.source().size()).isEqualTo(SIZE);
            assertReadsCorrectly(image, SIZE - 10, 10);
        }
    }

    @Test
    void aServerWithoutRangesIsRefusedUnlessWholeDownloadIsAllowed() throws IOException {
        server.supportRanges(false);
        assertThatThrownBy(() -> open("/image"))
                .hasMessage(
                        server.uri("/image")
                                + " at offset 0: the server does not support range requests; --allow-whole-download would download the whole image instead");
        options = options.withWholeDownload(true);
        try (var image = open("/image")) {
            assertReadsCorrectly(image, SIZE - 1000, 1000);
            assertReadsCorrectly(image, 0, 1000);
        }
    }

    @Test
    void aServerThatAdvertisesRangesButIgnoresThemIsDownloadedWholeWhenAllowed() throws IOException {
        server.always(Fault.FULL_200);
        options = options.withWholeDownload(true);
        try (var image = open("/image")) {
            assertThat(image.httpInfo().orElseThrow().rangeSupport()).isFalse();
            assertReadsCorrectly(image, SIZE - 1000, 1000);
        }
    }

    @Test
    void aWholeDownloadCutShortIsStartedAgain() throws IOException {
        server.supportRanges(false);
        server.enqueue(Fault.SHORT_BODY);
        options = options.withWholeDownload(true);
        try (var image = open("/image")) {
            assertReadsCorrectly(image, SIZE - 1000, 1000);
            assertReadsCorrectly(image, 0, 1000);
        }
        assertThat(stats.snapshot().retries()).isEqualTo(1);
    }

    @Test
    void aReadThatTheServerRedirectsFollowsTheRedirect() throws IOException {
        try (var image = open("/image")) {
            server.enqueue(Fault.REDIRECT);
            assertReadsCorrectly(image, 100_000, 1000);
            assertReadsCorrectly(image, 200_000, 1000);
        }
        assertThat(stats.snapshot().retries()).isZero();
    }

    @Test
    void anUnresolvableHostIsNamedAndRetriedOnlyBriefly() {
        var failure = HttpErrors.classify(new java.net.ConnectException(), "http://nowhere.invalid/x.iso", 0);
        assertThat(failure).hasMessage("http://nowhere.invalid/x.iso at offset 0: cannot connect: connection refused");
        var cause = new java.net.ConnectException();
        cause.initCause(new java.nio.channels.UnresolvedAddressException());
        var dns = (org.inetboot.source.TransientSourceException)
                HttpErrors.classify(cause, "http://nowhere.invalid/x.iso", 0);
        assertThat(dns).hasMessage("http://nowhere.invalid/x.iso at offset 0: cannot resolve the host name (DNS)");
        assertThat(dns.attemptLimit()).hasValue(3);
        var policy = new RetryPolicy(8, Duration.ofMillis(1), Duration.ofMillis(5));
        var attempts = new java.util.concurrent.atomic.AtomicInteger();
        long start = System.nanoTime();
        assertThatThrownBy(() -> policy.call(stats, () -> {
                    attempts.incrementAndGet();
                    throw dns;
                }))
                .hasMessageEndingWith("(DNS) (gave up after 3 attempts)");
        assertThat(attempts).hasValue(3);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void missingImagesAndClosedPortsGiveOneLineErrors() throws IOException {
        assertThatThrownBy(() -> open("/nothing-here"))
                .hasMessage(server.uri("/nothing-here") + " at offset 0: HTTP 404 (not found)");
        int port = org.inetboot.testing.Ports.freePort();
        var closed = URI.create("http://127.0.0.1:" + port + "/x.iso").toString();
        assertThatThrownBy(() -> Image.open(closed, options, stats))
                .hasMessageStartingWith(closed + " at offset 0: cannot connect: connection refused")
                .hasMessageEndingWith("(gave up after 4 attempts)");
    }
}
