package org.inetboot.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.inetboot.host.Processes;
import org.inetboot.image.Image;
import org.inetboot.image.OpenOptions;
import org.inetboot.nbd.NbdServer;
import org.inetboot.source.Stats;
import org.inetboot.testing.LinkEmulator;
import org.inetboot.testing.Nginx;
import org.inetboot.testing.Ports;
import org.inetboot.testing.SampleFiles;

/**
 * An image on nginx behind an emulated WAN link, exported over NBD by InetBoot and by nbdkit's curl
 * plugin with its readahead and cache filters, read by the same clients: nbdcopy (sequential, the
 * whole image) and qemu-io (random 4 KiB reads). Cold servers for each measurement. Prints Markdown.
 */
public final class NbdBenchmark {

    private static final int MIB = 1 << 20;
    private static final long IMAGE = 64L * MIB;
    private static final int RANDOM_READS = 100;

    public static void main(String[] args) throws Exception {
        int rttMs = 50;
        int mbit = 100;
        var dir = Files.createTempDirectory("inetboot-nbd-bench");
        var root = Files.createDirectories(dir.resolve("www"));
        SampleFiles.write(root.resolve("image.iso"), IMAGE, 7);
        try (var nginx = Nginx.serve(root, dir.resolve("nginx"));
                var link = new LinkEmulator(
                        new InetSocketAddress("127.0.0.1", nginx.uri().getPort()),
                        Duration.ofMillis(rttMs),
                        mbit * 1_000_000L)) {
            var url = "http://127.0.0.1:" + link.port() + "/image.iso";
            System.out.printf(
                    "Link: %d ms RTT, %d Mbit/s; image %d MiB; clients nbdcopy (sequential) and qemu-io (%d random 4 KiB reads).%n%n",
                    rttMs, mbit, IMAGE / MIB, RANDOM_READS);
            System.out.println("| server | sequential s | Mbit/s | random reads s | ms per read |");
            System.out.println("|---|---|---|---|---|");
            var ours = measure(() -> inetboot(url));
            var theirs = measure(() -> nbdkit(url));
            print("InetBoot", ours);
            print("nbdkit curl + readahead + cache", theirs);
            System.out.printf(
                    "%nRatios (nbdkit time / InetBoot time; above 1 means InetBoot is faster): sequential %.2f, random %.2f%n",
                    theirs[0] / ours[0], theirs[1] / ours[1]);
        }
    }

    /** A running NBD server for the URL, with its nbd:// URI. */
    private interface Server extends AutoCloseable {
        String uri();

        @Override
        void close() throws Exception;
    }

    @FunctionalInterface
    private interface Starter {
        Server start() throws Exception;
    }

    /** Seconds for a cold sequential copy and for the random reads, each on a fresh server. */
    private static double[] measure(Starter starter) throws Exception {
        double sequential;
        try (var server = starter.start()) {
            long start = System.nanoTime();
            Processes.run(java.nio.file.Path.of("/"), List.of("nbdcopy", server.uri(), "null:"));
            sequential = (System.nanoTime() - start) / 1e9;
        }
        try (var server = starter.start()) {
            var command = new ArrayList<>(List.of("qemu-io", "-r", "-f", "raw", server.uri()));
            var random = new SplittableRandom(3);
            for (int i = 0; i < RANDOM_READS; i++) {
                command.addAll(List.of("-c", "read " + random.nextLong(IMAGE / 4096) * 4096 + " 4096"));
            }
            long start = System.nanoTime();
            Processes.run(java.nio.file.Path.of("/"), command);
            return new double[] {sequential, (System.nanoTime() - start) / 1e9};
        }
    }

    private static Server inetboot(String url) throws IOException {
        var image = Image.open(url, OpenOptions.DEFAULT, new Stats());
        var server = new NbdServer(Map.of("image", image.source()));
        var address = server.listen(new InetSocketAddress("127.0.0.1", 0));
        return new Server() {
            public String uri() {
                return "nbd://127.0.0.1:" + address.getPort() + "/image";
            }

            public void close() throws Exception {
                server.close();
                image.close();
            }
        };
    }

    private static Server nbdkit(String url) throws Exception {
        int port = Ports.freePort();
        var process = new ProcessBuilder(
                        "nbdkit",
                        "--foreground",
                        "--readonly",
                        "--port",
                        Integer.toString(port),
                        "--ipaddr",
                        "127.0.0.1",
                        "--filter=readahead",
                        "--filter=cache",
                        "curl",
                        url)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        Ports.awaitListening(process, port, Duration.ofSeconds(15));
        return new Server() {
            public String uri() {
                return "nbd://127.0.0.1:" + port;
            }

            public void close() throws Exception {
                process.destroy();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        };
    }

    private static void print(String name, double[] seconds) {
        System.out.printf(
                "| %s | %.2f | %.1f | %.2f | %.1f |%n",
                name, seconds[0], IMAGE * 8 / seconds[0] / 1e6, seconds[1], seconds[1] * 1000 / RANDOM_READS);
    }
}
