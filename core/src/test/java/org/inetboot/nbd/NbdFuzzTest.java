package org.inetboot.nbd;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.inetboot.source.ByteArraySource;
import org.inetboot.testing.SampleFiles;

/**
 * Coverage-guided fuzzing of the NBD server's decoder, as a hostile client talks to it: each input
 * is everything one client sends (its first byte picks the handshake or the kernel's
 * transmission-only socket). The server must end the connection within seconds of the input's
 * end, and nothing may escape its threads but the IOExceptions that end a connection.
 */
class NbdFuzzTest {

    private static final List<Throwable> ESCAPED = new CopyOnWriteArrayList<>();
    private static final Path[] SOCKETS = start();

    @FuzzTest(maxDuration = "20s")
    void anyClientIsAnsweredOrCutOff(byte[] input) throws Exception {
        var path = SOCKETS[input.length == 0 ? 0 : (input[0] & 1)];
        try (var channel = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            if (input.length > 1) {
                channel.write(ByteBuffer.wrap(input, 1, input.length - 1));
            }
            channel.shutdownOutput();
            CompletableFuture.runAsync(() -> drain(channel)).get(10, TimeUnit.SECONDS);
        }
        assertThat(ESCAPED).isEmpty();
    }

    /** Reads the server's replies until it closes the connection. */
    private static void drain(SocketChannel channel) {
        var buffer = ByteBuffer.allocate(1 << 16);
        try {
            while (channel.read(buffer.clear()) >= 0) {
                // replies are not checked here: NbdServerTest does that with real clients
            }
        } catch (IOException closed) {
            // a reset is an ending too
        }
    }

    private static Path[] start() {
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> ESCAPED.add(e));
        try {
            var dir = Files.createTempDirectory("nbd-fuzz");
            var server = new NbdServer(Map.of("fuzz", new ByteArraySource("fuzz.iso", SampleFiles.bytes(1 << 20, 7))));
            var handshake = dir.resolve("handshake.sock");
            var kernel = dir.resolve("kernel.sock");
            server.listen(handshake);
            server.listenForKernel(kernel, "fuzz");
            return new Path[] {handshake, kernel};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
