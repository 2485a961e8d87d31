package org.inetboot.nbd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.inetboot.host.Processes;
import org.inetboot.source.FileSource;
import org.inetboot.source.FilterSource;
import org.inetboot.source.Stats;
import org.inetboot.testing.IsoFixtures;
import org.inetboot.testing.SampleFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Our NBD server against real clients (libnbd's nbdinfo and nbdcopy, qemu-img, qemu-io) and hostile ones. */
@Timeout(120)
class NbdServerTest {

    private static final int SIZE = 24 << 20;

    @TempDir
    static Path dir;

    static Path image;
    static Path other;
    static NbdServer server;
    static String tcp;
    static Path socket;
    static final PayloadCounter counting = new PayloadCounter();

    /** The image, and the most payload bytes that reads of it ever held at once. */
    static final class PayloadCounter extends FilterSource {
        final java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
        final java.util.concurrent.atomic.AtomicLong most = new java.util.concurrent.atomic.AtomicLong();

        PayloadCounter() {
            super(new org.inetboot.source.ByteArraySource("counting", new byte[SIZE]));
        }

        @Override
        public void read(ByteBuffer dst, long offset) throws IOException {
            int length = dst.remaining();
            most.accumulateAndGet(now.addAndGet(length), Math::max);
            try {
                Thread.sleep(20);
                super.read(dst, offset);
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            } finally {
                now.addAndGet(-length);
            }
        }
    }

    @BeforeAll
    static void start() throws IOException {
        image = SampleFiles.write(dir.resolve("image.iso"), SIZE, 131);
        other = SampleFiles.write(dir.resolve("other.iso"), 1 << 20, 132);
        var exports = new LinkedHashMap<String, org.inetboot.source.Source>();
        exports.put("live", FileSource.open(image, new Stats()));
        exports.put("other", FileSource.open(other, new Stats()));
        exports.put("counting", counting);
        exports.put("failing", new FilterSource(FileSource.open(other, new Stats())) {
            @Override
            public void read(ByteBuffer dst, long offset) {
                if (!dst.hasRemaining()) {
                    return;
                }
                if (offset == 0) {
                    throw new OutOfMemoryError("Java heap space");
                }
                throw new IllegalStateException("a bug");
            }
        });
        server = new NbdServer(exports);
        var bound = server.listen(new InetSocketAddress("127.0.0.1", 0));
        tcp = "nbd://127.0.0.1:" + bound.getPort();
        socket = dir.resolve("nbd.sock");
        server.listen(socket);
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    private static String sha256(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return IsoFixtures.sha256(in);
        }
    }

    private static String run(String... command) throws IOException {
        return Processes.run(dir, List.of(command));
    }

    @Test
    void nbdinfoSeesTheSizeFlagsAndBlockSizes() throws IOException {
        var info = run("nbdinfo", "--json", tcp + "/live");
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(info);
        var export = json.get("exports").get(0);
        assertThat(export.get("export-size").asLong()).isEqualTo(SIZE);
        assertThat(export.get("is_read_only").asBoolean()).isTrue();
        assertThat(export.get("can_multi_conn").asBoolean()).isTrue();
        assertThat(export.get("can_cache").asBoolean()).isTrue();
        assertThat(export.get("can_trim").asBoolean()).isFalse();
        assertThat(export.get("block_size_preferred").asInt()).isEqualTo(65536);
        assertThat(run("nbdinfo", "--list", "--json", tcp))
                .contains("\"export-name\": \"live\"")
                .contains("\"export-name\": \"other\"");
    }

    @Test
    void everyClientReadsTheExactBytesOverTcpAndUnixSockets() throws IOException {
        for (var uri : List.of(tcp + "/live", "nbd+unix:///live?socket=" + socket)) {
            var copy = dir.resolve("copy.bin");
            run("nbdcopy", "--connections=4", "--requests=32", uri, copy.toString());
            assertThat(sha256(copy)).as(uri).isEqualTo(sha256(image));
            Files.delete(copy);
            run("qemu-img", "convert", "-f", "raw", "-O", "raw", uri, copy.toString());
            assertThat(sha256(copy)).as(uri).isEqualTo(sha256(image));
            Files.delete(copy);
            assertThat(run("qemu-img", "info", "--output=json", uri)).contains("\"virtual-size\": " + SIZE);
        }
        assertThat(run("qemu-io", "-r", "-c", "read 4096 8192", tcp + "/other"))
                .contains("read 8192/8192 bytes at offset 4096");
        var copy = dir.resolve("default.bin");
        run("nbdcopy", tcp, copy.toString()); // no name: the default export, the first
        assertThat(sha256(copy)).isEqualTo(sha256(image));
    }

    @Test
    void parallelReadersGetCorrectData() throws Exception {
        var processes = new ArrayList<Process>();
        for (int i = 0; i < 6; i++) {
            processes.add(new ProcessBuilder(
                            "nbdcopy",
                            "--connections=2",
                            tcp + "/live",
                            dir.resolve("parallel" + i).toString())
                    .redirectErrorStream(true)
                    .start());
        }
        for (int i = 0; i < processes.size(); i++) {
            assertThat(processes.get(i).waitFor()).isZero();
            assertThat(sha256(dir.resolve("parallel" + i))).isEqualTo(sha256(image));
        }
    }

    @Test
    void writesAreRefusedWithEperm() throws IOException {
        var result = new ProcessBuilder("qemu-io", "-c", "write -P 1 0 512", tcp + "/live")
                .redirectErrorStream(true)
                .start();
        var output = new String(result.getInputStream().readAllBytes());
        assertThat(output).containsIgnoringCase("permission").doesNotContain("wrote 512");
    }

    // ---- a raw client, to misbehave

    /** Negotiates with GO for {@code export} and returns the socket in transmission. */
    private static Socket transmission(String export) throws IOException {
        var socket = new Socket("127.0.0.1", Integer.parseInt(tcp.substring(tcp.lastIndexOf(':') + 1)));
        var in = socket.getInputStream();
        var out = socket.getOutputStream();
        var greeting = ByteBuffer.wrap(in.readNBytes(18));
        assertThat(greeting.getLong()).isEqualTo(Nbd.NBDMAGIC);
        assertThat(greeting.getLong()).isEqualTo(Nbd.IHAVEOPT);
        out.write(ByteBuffer.allocate(4)
                .putInt(Nbd.FLAG_FIXED_NEWSTYLE | Nbd.FLAG_NO_ZEROES)
                .array());
        var name = export.getBytes();
        out.write(ByteBuffer.allocate(16 + 6 + name.length)
                .putLong(Nbd.IHAVEOPT)
                .putInt(Nbd.OPT_GO)
                .putInt(6 + name.length)
                .putInt(name.length)
                .put(name)
                .putShort((short) 0)
                .array());
        while (true) {
            var reply = ByteBuffer.wrap(in.readNBytes(20));
            reply.getLong();
            reply.getInt();
            int type = reply.getInt();
            in.readNBytes(reply.getInt());
            if (type == Nbd.REP_ACK) {
                return socket;
            }
            assertThat(type).isEqualTo(Nbd.REP_INFO);
        }
    }

    private static byte[] request(int type, long cookie, long offset, long length) {
        return ByteBuffer.allocate(28)
                .putInt(Nbd.REQUEST_MAGIC)
                .putShort((short) 0)
                .putShort((short) type)
                .putLong(cookie)
                .putLong(offset)
                .putInt((int) length)
                .array();
    }

    /** A simple reply's error and cookie. */
    private static long[] reply(Socket socket) throws IOException {
        var reply = ByteBuffer.wrap(socket.getInputStream().readNBytes(16));
        assertThat(reply.getInt()).isEqualTo(Nbd.SIMPLE_REPLY_MAGIC);
        return new long[] {reply.getInt(), reply.getLong()};
    }

    /** The server ended the connection: an orderly close, or a reset when our bytes were left unread. */
    private static void assertClosed(Socket socket) {
        try {
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        } catch (java.net.SocketException reset) {
            assertThat(reset.getMessage()).contains("reset");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void badRequestsGetErrorRepliesAndTheConnectionGoesOn() throws IOException {
        try (var socket = transmission("live")) {
            var out = socket.getOutputStream();
            out.write(request(Nbd.CMD_READ, 1, SIZE - 10, 20)); // past the end
            assertThat(reply(socket)).containsExactly(Nbd.EINVAL, 1);
            out.write(request(Nbd.CMD_READ, 2, 0, 0xFFFF_FFF0L)); // oversized
            assertThat(reply(socket)).containsExactly(Nbd.EINVAL, 2);
            out.write(request(99, 3, 0, 10)); // unknown command
            assertThat(reply(socket)).containsExactly(Nbd.EINVAL, 3);
            out.write(request(Nbd.CMD_TRIM, 4, 0, 10));
            assertThat(reply(socket)).containsExactly(Nbd.EPERM, 4);
            out.write(request(Nbd.CMD_CACHE, 5, 0, 4096));
            assertThat(reply(socket)).containsExactly(0, 5);
            out.write(request(Nbd.CMD_READ, 6, 1000, 100));
            assertThat(reply(socket)).containsExactly(0, 6);
            var data = socket.getInputStream().readNBytes(100);
            assertThat(data).isEqualTo(java.util.Arrays.copyOfRange(Files.readAllBytes(image), 1000, 1100));
        }
    }

    @Test
    void everyRequestGetsItsReplyWhateverTheReadThrowsAndAnEmptyReadToo() throws IOException {
        try (var socket = transmission("failing")) {
            var out = socket.getOutputStream();
            out.write(request(Nbd.CMD_READ, 1, 0, 512)); // OutOfMemoryError
            assertThat(reply(socket)).containsExactly(Nbd.EIO, 1);
            out.write(request(Nbd.CMD_READ, 2, 4096, 512)); // a RuntimeException
            assertThat(reply(socket)).containsExactly(Nbd.EIO, 2);
            out.write(request(Nbd.CMD_READ, 3, 4096, 0));
            assertThat(reply(socket)).containsExactly(0, 3);
        }
    }

    @Test
    void manyLargeReadsWaitForMemoryInsteadOfExhaustingIt() throws IOException {
        int length = 16 << 20;
        try (var socket = transmission("counting")) {
            var out = socket.getOutputStream();
            for (int i = 0; i < 12; i++) {
                out.write(request(Nbd.CMD_READ, i, 0, length));
            }
            for (int i = 0; i < 12; i++) {
                assertThat(reply(socket)[0]).isZero();
                assertThat(socket.getInputStream().readNBytes(length)).hasSize(length);
            }
        }
        assertThat(counting.most.get()).isBetween((long) length, (long) NbdServer.PAYLOAD_BUDGET);
    }

    @Test
    void manyRequestsInFlightAreAnsweredByCookie() throws IOException {
        var expected = Files.readAllBytes(image);
        try (var socket = transmission("live")) {
            var out = socket.getOutputStream();
            for (int i = 0; i < 40; i++) {
                out.write(request(Nbd.CMD_READ, 1000 + i, i * 65536L, 65536));
            }
            var seen = new java.util.HashSet<Long>();
            for (int i = 0; i < 40; i++) {
                var header = reply(socket);
                assertThat(header[0]).isZero();
                int index = (int) (header[1] - 1000);
                assertThat(socket.getInputStream().readNBytes(65536))
                        .isEqualTo(java.util.Arrays.copyOfRange(expected, index * 65536, (index + 1) * 65536));
                seen.add(header[1]);
            }
            assertThat(seen).hasSize(40);
            out.write(request(Nbd.CMD_DISC, 0, 0, 0));
            assertClosed(socket);
        }
    }

    @Test
    void garbageAndHalfRequestsEndOnlyThatConnection() throws Exception {
        try (var socket = transmission("live")) {
            socket.getOutputStream().write("this is not an NBD request at all".getBytes());
            assertClosed(socket);
        }
        try (var socket = transmission("live")) {
            socket.getOutputStream().write(java.util.Arrays.copyOf(request(Nbd.CMD_READ, 9, 0, 512), 11));
        } // closed mid-request
        try (var socket = new Socket("127.0.0.1", Integer.parseInt(tcp.substring(tcp.lastIndexOf(':') + 1)))) {
            socket.getInputStream().readNBytes(18);
            socket.getOutputStream().write(new byte[] {0, 0, 0, (byte) 0x80}); // unknown client flags
            assertClosed(socket);
        }
        var copy = dir.resolve("after-garbage.bin");
        run("nbdcopy", tcp + "/other", copy.toString());
        assertThat(sha256(copy)).isEqualTo(sha256(other));
        var missing = new ProcessBuilder("nbdinfo", tcp + "/missing")
                .redirectErrorStream(true)
                .start();
        assertThat(new String(missing.getInputStream().readAllBytes()))
                .contains("server replied with error to opt_go request"); // NBD_REP_ERR_UNKNOWN
    }
}
