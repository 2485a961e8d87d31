package org.inetboot.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.inetboot.json.Json;
import org.inetboot.server.StaticFileServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "demo", description = "Serve a generated sample image on loopback and read it lazily over HTTP.")
final class DemoCommand implements Callable<Integer> {

    private static final int MIB = 1 << 20;
    private static final long IMAGE_SIZE = 96L * MIB;
    private static final long READ_OFFSET = 37L * MIB + 12345;
    private static final int READ_LENGTH = 8 * MIB;

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        var dir = Files.createTempDirectory("inetboot-demo");
        var file = dir.resolve("sample.img");
        try {
            writeSample(file);
            try (var server = StaticFileServer.start(dir, new InetSocketAddress("127.0.0.1", 0))) {
                var url = server.uri().resolve("sample.img").toString();
                out.printf("Serving a %d MiB sample image at %s%n%n", IMAGE_SIZE / MIB, url);
                readOverHttp(url, file, out);
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
        return 0;
    }

    private void readOverHttp(String url, Path file, PrintWriter out) throws IOException {
        try (var image = main.open(url)) {
            out.println("$ inetboot info " + url);
            ImageDescription.print(ImageDescription.of(url, image), out);
            out.printf("%n$ inetboot read %s --offset %d --length %d%n", url, READ_OFFSET, READ_LENGTH);
            var remote = ByteBuffer.allocate(READ_LENGTH);
            for (int piece = 0; piece < READ_LENGTH; piece += MIB) {
                image.source().read(remote.slice(piece, MIB), READ_OFFSET + piece);
            }
            var local = ByteBuffer.allocate(READ_LENGTH);
            try (var channel = FileChannel.open(file)) {
                channel.read(local, READ_OFFSET);
            }
            var same = local.flip().equals(remote);
            out.printf("read %d bytes, sha256 %s: %s%n", READ_LENGTH, sha256(remote),
                    same ? "identical to the file on disk" : "DIFFERENT from the file on disk");
            out.println("stats " + Json.write(Main.statsJson(main.counters.snapshot())));
            if (!same) {
                throw new IOException("the bytes read over HTTP differ from the file");
            }
        }
    }

    /** Deterministic pseudo-random bytes: every offset has recognisable content. */
    private static void writeSample(Path file) throws IOException {
        var random = new SplittableRandom(2008);
        var buffer = ByteBuffer.allocate(MIB);
        try (var channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long written = 0; written < IMAGE_SIZE; written += MIB) {
                buffer.clear();
                while (buffer.hasRemaining()) {
                    buffer.putLong(random.nextLong());
                }
                channel.write(buffer.flip());
            }
        }
    }

    private static String sha256(ByteBuffer bytes) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            digest.update(bytes.duplicate().rewind());
            return HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
