package org.inetboot.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.inetboot.image.Image;
import org.inetboot.image.OpenOptions;
import org.inetboot.source.Stats;
import org.inetboot.testing.SampleFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class StaticFileServerTest {

    private static final int SIZE = 100_000;

    @TempDir
    Path dir;

    private StaticFileServer server;
    private byte[] content;
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws IOException {
        var root = Files.createDirectories(dir.resolve("www"));
        content = SampleFiles.bytes(SIZE, 31);
        Files.write(root.resolve("image.iso"), content);
        Files.writeString(dir.resolve("secret"), "outside the root");
        server = StaticFileServer.start(root, new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterEach
    void stop() {
        server.close();
        client.close();
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(server.uri() + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private String etag() throws Exception {
        return get("image.iso").headers().firstValue("ETag").orElseThrow();
    }

    /** 200 clients at once, each on connections of its own, each reading 5 random ranges: every byte right. */
    @Test
    @Timeout(120)
    void twoHundredClientsAtOnceGetTheirRangesExactly() throws Exception {
        var random = new SplittableRandom(7);
        var failures = new ConcurrentLinkedQueue<String>();
        var start = new CountDownLatch(1);
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < 200; c++) {
                var seed = random.split();
                clients.submit(() -> {
                    try (var own = HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1)
                            .build()) {
                        start.await();
                        for (int i = 0; i < 5; i++) {
                            int from = seed.nextInt(SIZE);
                            int to = Math.min(SIZE - 1, from + seed.nextInt(20_000));
                            var request = HttpRequest.newBuilder(URI.create(server.uri() + "image.iso"))
                                    .header("Range", "bytes=" + from + "-" + to)
                                    .build();
                            var response = own.send(request, HttpResponse.BodyHandlers.ofByteArray());
                            if (response.statusCode() != 206
                                    || !Arrays.equals(response.body(), Arrays.copyOfRange(content, from, to + 1))) {
                                failures.add(from + "-" + to + ": " + response.statusCode());
                            }
                        }
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                    return null;
                });
            }
            start.countDown();
        }
        assertThat(failures).isEmpty();
    }

    /**
     * 400 clients that keep their connections idle between requests keep them: the JDK's server
     * closed every idle connection past 200 (its default sun.net.httpserver.maxIdleConnections),
     * which the server benchmark saw as 20,000 failed requests in 10 s at 400 clients.
     */
    @Test
    @Timeout(120)
    void fourHundredIdleKeptAliveConnectionsStayOpen() throws Exception {
        var sockets = new ArrayList<Socket>();
        try {
            for (int i = 0; i < 400; i++) {
                var socket = new Socket(server.uri().getHost(), server.uri().getPort());
                sockets.add(socket);
                assertThat(rangeOfTen(socket, i))
                        .as("first request on connection %d", i)
                        .isTrue();
            }
            for (int i = 0; i < sockets.size(); i++) {
                assertThat(rangeOfTen(sockets.get(i), i))
                        .as("second request on connection %d", i)
                        .isTrue();
            }
        } finally {
            for (var socket : sockets) {
                socket.close();
            }
        }
    }

    /** Ten bytes at {@code offset} over this connection; false when the server has closed it. */
    private boolean rangeOfTen(Socket socket, int offset) throws IOException {
        socket.getOutputStream()
                .write(("GET /image.iso HTTP/1.1\r\nHost: x\r\nRange: bytes=" + offset + "-" + (offset + 9)
                                + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        var in = socket.getInputStream();
        var head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                return false;
            }
            head.append((char) c);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 206 ").containsIgnoringCase("content-length: 10");
        assertThat(in.readNBytes(10)).isEqualTo(Arrays.copyOfRange(content, offset, offset + 10));
        return true;
    }

    @Test
    void headDescribesTheFileWithoutABody() throws Exception {
        var response = client.send(
                HttpRequest.newBuilder(URI.create(server.uri() + "image.iso"))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Length")).hasValue(Integer.toString(SIZE));
        assertThat(response.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(response.headers().firstValue("ETag"))
                .hasValueSatisfying(e -> assertThat(e).matches("\"[0-9a-f]+-[0-9a-f]+\""));
        assertThat(response.headers().firstValue("Last-Modified"))
                .hasValueSatisfying(d -> assertThat(d).endsWith("GMT"));
        assertThat(response.body()).isEmpty();
    }

    @Test
    void rangesOfEveryFormAreServedExactly() throws Exception {
        var closed = get("image.iso", "Range", "bytes=100-199");
        assertThat(closed.statusCode()).isEqualTo(206);
        assertThat(closed.headers().firstValue("Content-Range")).hasValue("bytes 100-199/" + SIZE);
        assertThat(closed.body()).isEqualTo(Arrays.copyOfRange(content, 100, 200));

        var open = get("image.iso", "Range", "bytes=99990-");
        assertThat(open.headers().firstValue("Content-Range")).hasValue("bytes 99990-99999/" + SIZE);
        assertThat(open.body()).isEqualTo(Arrays.copyOfRange(content, 99990, SIZE));

        var suffix = get("image.iso", "Range", "bytes=-5");
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(content, SIZE - 5, SIZE));

        var clipped = get("image.iso", "Range", "bytes=99999-200000");
        assertThat(clipped.headers().firstValue("Content-Range")).hasValue("bytes 99999-99999/" + SIZE);
        assertThat(server.bytesSent()).isEqualTo(100 + 10 + 5 + 1);
    }

    @Test
    void unsatisfiableRangesGet416WithTheSize() throws Exception {
        for (var range : new String[] {"bytes=100000-", "bytes=200000-300000", "bytes=-0", "bytes=5-4"}) {
            var response = get("image.iso", "Range", range);
            assertThat(response.statusCode()).as(range).isEqualTo(416);
            assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes */" + SIZE);
        }
    }

    @Test
    void otherUnitsMalformedHeadersAndTooManyRangesGetTheWholeFile() throws Exception {
        var many = "bytes=" + String.join(",", java.util.Collections.nCopies(ByteRange.MAX_RANGES + 1, "0-0"));
        for (var range : new String[] {"items=0-1", "bytes=0-1;5", "bytes=a-b", many}) {
            var response = get("image.iso", "Range", range);
            assertThat(response.statusCode()).as(range).isEqualTo(200);
            assertThat(response.body()).isEqualTo(content);
        }
    }

    @Test
    void theUnitIsCaseInsensitiveAsInNginx() throws Exception {
        var response = get("image.iso", "Range", "BYTES=0-1");
        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(content, 0, 2));
    }

    @Test
    void severalRangesComeAsMultipartByteranges() throws Exception {
        var response = get("image.iso", "Range", "bytes=0-1, 500-599,-3,200000-");
        assertThat(response.statusCode()).isEqualTo(206);
        var type = response.headers().firstValue("Content-Type").orElseThrow();
        assertThat(type).startsWith("multipart/byteranges; boundary=");
        var boundary = "--" + type.substring(type.indexOf('=') + 1);
        var body = new String(response.body(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(response.body().length);
        var parts = body.split("\r\n" + java.util.regex.Pattern.quote(boundary));
        assertThat(parts).hasSize(5); // the empty preamble, three parts, the closing "--"
        assertThat(parts[4]).isEqualTo("--\r\n");
        int[][] expected = {{0, 2}, {500, 600}, {SIZE - 3, SIZE}};
        for (int i = 0; i < 3; i++) {
            var part = parts[i + 1];
            int from = expected[i][0];
            int to = expected[i][1];
            assertThat(part).contains("\r\nContent-Range: bytes " + from + "-" + (to - 1) + "/" + SIZE + "\r\n");
            var data =
                    part.substring(part.indexOf("\r\n\r\n") + 4).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(data).isEqualTo(Arrays.copyOfRange(content, from, to));
        }
    }

    @Test
    void oddPathsGetWhatNginxAnswers() throws Exception {
        assertThat(get("image.iso/").statusCode()).isEqualTo(404);
        assertThat(get("image%00.iso").statusCode()).isEqualTo(400);
    }

    @Test
    void aRequestThatTricklesInIsCut() throws Exception {
        // the test JVM runs with sun.net.httpserver.maxReqTime=2 (pom.xml); served, it is 30 s
        try (var socket = new Socket("127.0.0.1", server.uri().getPort())) {
            socket.setSoTimeout(20_000);
            var out = socket.getOutputStream();
            out.write("GET /image.iso HTTP/1.1\r\nHost: x\r\n".getBytes());
            long start = System.nanoTime();
            assertThatThrownBy(() -> {
                        for (int i = 0; i < 15; i++) {
                            out.write("X-Slow: 1\r\n".getBytes());
                            out.flush();
                            Thread.sleep(1000);
                        }
                    })
                    .isInstanceOf(java.net.SocketException.class);
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - start))
                    .isLessThan(java.time.Duration.ofSeconds(12));
        }
    }

    @Test
    void ifRangeHonoursTheRangeOnlyForTheSameVersion() throws Exception {
        var etag = etag();
        assertThat(get("image.iso", "Range", "bytes=0-9", "If-Range", etag).statusCode())
                .isEqualTo(206);
        assertThat(get("image.iso", "Range", "bytes=0-9", "If-Range", "\"other\"")
                        .statusCode())
                .isEqualTo(200);
        Files.setLastModifiedTime(dir.resolve("www/image.iso"), FileTime.fromMillis(0));
        var afterChange = get("image.iso", "Range", "bytes=0-9", "If-Range", etag);
        assertThat(afterChange.statusCode()).isEqualTo(200);
        assertThat(afterChange.headers().firstValue("ETag")).isNotEqualTo(java.util.Optional.of(etag));
    }

    @Test
    void conditionalGetsAnswerNotModified() throws Exception {
        var etag = etag();
        assertThat(get("image.iso", "If-None-Match", etag).statusCode()).isEqualTo(304);
        var modified = get("image.iso").headers().firstValue("Last-Modified").orElseThrow();
        assertThat(get("image.iso", "If-Modified-Since", modified).statusCode()).isEqualTo(304);
    }

    @Test
    void nothingOutsideTheDirectoryIsReachable() throws Exception {
        Files.createSymbolicLink(dir.resolve("www/link"), dir.resolve("secret"));
        assertThat(get("../secret").statusCode()).isEqualTo(404);
        assertThat(get("%2e%2e/secret").statusCode()).isEqualTo(404);
        assertThat(get("link").statusCode()).isEqualTo(404);
        assertThat(get("missing.iso").statusCode()).isEqualTo(404);
        assertThat(get("").statusCode()).isEqualTo(404);
    }

    @Test
    void ourClientReadsExactBytesBeyond4GibFromOurServer() throws Exception {
        long size = (5L << 30) + 777;
        long[] islands = {0, (4L << 30) - 10, size - 50_000};
        var file = SampleFiles.sparse(dir.resolve("www/huge.img"), size, 32, islands);
        try (var image = Image.open(server.uri() + "huge.img", OpenOptions.DEFAULT, new Stats());
                var channel = FileChannel.open(file)) {
            assertThat(image.source().size()).isEqualTo(size);
            var random = new SplittableRandom(9);
            for (int i = 0; i < 12; i++) {
                long offset = i < islands.length ? islands[i] : random.nextLong(size - 50_000);
                var remote = ByteBuffer.allocate(50_000);
                image.source().read(remote, offset);
                var local = ByteBuffer.allocate(50_000);
                channel.read(local, offset);
                assertThat(remote.array()).as("offset %d", offset).isEqualTo(local.array());
            }
        }
    }
}
