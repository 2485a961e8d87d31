package org.inetboot.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.inetboot.iso.IsoImage;
import org.inetboot.json.Json;
import org.inetboot.menu.BootMenus;
import org.inetboot.server.StaticFileServer;
import org.inetboot.source.Source;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "demo", description = "Serve a generated sample ISO on loopback and read it lazily over HTTP.")
final class DemoCommand implements Callable<Integer> {

    private static final int MIB = 1 << 20;
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
        try {
            var image = SampleIso.build(dir);
            try (var server = StaticFileServer.start(dir, new InetSocketAddress("127.0.0.1", 0))) {
                var url = server.uri().resolve(image.getFileName().toString()).toString();
                out.printf("Serving a %d MiB sample ISO at %s%n", Files.size(image) / MIB, url);
                readOverHttp(url, dir.resolve("tree"), out);
            }
        } finally {
            deleteTree(dir);
        }
        return 0;
    }

    private void readOverHttp(String url, Path tree, PrintWriter out) throws IOException {
        try (var image = main.open(url)) {
            var iso = IsoImage.open(image.source());
            out.printf("%n$ inetboot info %s%n", url);
            ImageDescription.print(ImageDescription.of(url, image), out);
            for (var path : new String[] {"/", "/live"}) {
                out.printf("%n$ inetboot ls -l %s %s%n", url, path);
                for (var entry : iso.list(iso.lookup(path, true))) {
                    out.println(EntryFormat.longLine(entry, entry.name()));
                }
            }
            out.printf("%n$ inetboot entries %s%n", url);
            EntriesCommand.print(BootMenus.read(iso), out);
            out.printf("%n$ inetboot cat %s /README.txt%n", url);
            var readme = iso.open(iso.lookup("/README.txt", true));
            out.print(new String(Source.readRange(readme, 0, (int) readme.size()).array(), java.nio.charset.StandardCharsets.UTF_8));

            out.printf("%n$ inetboot cat %s %s | tail -c +%d | head -c %d%n", url, SampleIso.ROOT_FS, READ_OFFSET + 1, READ_LENGTH);
            var remote = Source.readRange(iso.open(iso.lookup(SampleIso.ROOT_FS, true)), READ_OFFSET, READ_LENGTH);
            var local = ByteBuffer.allocate(READ_LENGTH);
            try (var channel = FileChannel.open(tree.resolve(SampleIso.ROOT_FS.substring(1)))) {
                channel.read(local, READ_OFFSET);
            }
            boolean same = local.flip().equals(remote);
            out.printf("read %d bytes in the middle of a file inside the ISO, sha256 %s: %s%n", READ_LENGTH, sha256(remote),
                    same ? "identical to the file it was made from" : "DIFFERENT from the file it was made from");
            var stats = main.counters.snapshot();
            out.printf("%nfetched %.1f MiB of the %.1f MiB image in %d requests (what was read, and read-ahead beyond it)%nstats %s%n",
                    stats.bytesFetched() / (double) MIB,
                    image.source().size() / (double) MIB, stats.requests(), Json.write(stats));
            if (!same) {
                throw new IOException("the bytes read over HTTP differ from the file");
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

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (var path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
