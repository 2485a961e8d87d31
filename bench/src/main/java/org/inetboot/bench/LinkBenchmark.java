package org.inetboot.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.inetboot.image.Image;
import org.inetboot.image.OpenOptions;
import org.inetboot.source.Stats;
import org.inetboot.testing.LinkEmulator;
import org.inetboot.testing.Nginx;
import org.inetboot.testing.SampleFiles;

/**
 * Reads an image from nginx through an emulated WAN link, with InetBoot's source stack and with
 * curl (the reference for what the link allows), side by side in one run: a cold sequential
 * read, and random 4 KiB reads, for several cache chunk sizes. Prints Markdown.
 */
public final class LinkBenchmark {

    private static final int MIB = 1 << 20;
    private static final long IMAGE = 160L * MIB;
    private static final long SEQUENTIAL = 64L * MIB;
    private static final int RANDOM_READS = 200;
    private static final int RANDOM_LENGTH = 4096;
    private static final int[] CHUNK_SIZES = {64 << 10, 128 << 10, 256 << 10, 512 << 10, 1 << 20};

    private final String url;

    private LinkBenchmark(String url) {
        this.url = url;
    }

    public static void main(String[] args) throws Exception {
        int rttMs = Args.integer(args, "--rtt-ms", 50);
        int mbit = Args.integer(args, "--mbit", 100);
        var dir = Files.createTempDirectory("inetboot-bench");
        var root = Files.createDirectories(dir.resolve("www"));
        SampleFiles.write(root.resolve("image.iso"), IMAGE, 1);
        try (var nginx = Nginx.serve(root, dir.resolve("nginx"));
                var link = new LinkEmulator(
                        new InetSocketAddress("127.0.0.1", nginx.uri().getPort()),
                        Duration.ofMillis(rttMs),
                        mbit * 1_000_000L)) {
            var bench = new LinkBenchmark("http://127.0.0.1:" + link.port() + "/image.iso");
            System.out.printf(
                    "Link: %d ms RTT, %d Mbit/s each way (LinkEmulator in front of nginx); image %d MiB.%n%n",
                    rttMs, mbit, IMAGE / MIB);
            bench.run();
        }
    }

    private void run() throws Exception {
        double curlSeconds = curlSequential();
        var curlLatencies = curlRandom();
        System.out.printf(
                "Reference, curl: sequential %d MiB in %.2f s (%.1f Mbit/s); random %d x 4 KiB: mean %.1f ms, p50 %.1f ms, p95 %.1f ms%n%n",
                SEQUENTIAL / MIB,
                curlSeconds,
                mbits(SEQUENTIAL, curlSeconds),
                RANDOM_READS,
                mean(curlLatencies),
                percentile(curlLatencies, 50),
                percentile(curlLatencies, 95));
        System.out.println(
                "| chunk | sequential Mbit/s | vs curl | requests | random mean ms | p50 ms | p95 ms | vs curl (mean) | bytes fetched for random |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (int chunk : CHUNK_SIZES) {
            var sequential = sequential(chunk);
            var random = random(chunk);
            System.out.printf(
                    "| %d KiB | %.1f | %.2f | %d | %.1f | %.1f | %.1f | %.2f | %.1f MiB |%n",
                    chunk >> 10,
                    mbits(SEQUENTIAL, sequential.seconds),
                    curlSeconds / sequential.seconds,
                    sequential.requests,
                    mean(random.latencies),
                    percentile(random.latencies, 50),
                    percentile(random.latencies, 95),
                    mean(random.latencies) / mean(curlLatencies),
                    random.bytesFetched / (double) MIB);
        }
    }

    private record Sequential(double seconds, long requests) {}

    private record Random(double[] latencies, long bytesFetched) {}

    private Image open(int chunk, Stats stats) throws IOException {
        var options = OpenOptions.DEFAULT.withChunkSize(chunk);
        return Image.open(url, options, stats);
    }

    /** A cold read of the first 64 MiB in 1 MiB pieces, as `inetboot read` does. */
    private Sequential sequential(int chunk) throws IOException {
        var stats = new Stats();
        try (var image = open(chunk, stats)) {
            var buffer = ByteBuffer.allocate(MIB);
            long start = System.nanoTime();
            for (long offset = 0; offset < SEQUENTIAL; offset += MIB) {
                image.source().read(buffer.clear(), offset);
            }
            return new Sequential(seconds(start), stats.snapshot().requests());
        }
    }

    private Random random(int chunk) throws IOException {
        var stats = new Stats();
        try (var image = open(chunk, stats)) {
            var latencies = new double[RANDOM_READS];
            var buffer = ByteBuffer.allocate(RANDOM_LENGTH);
            long[] offsets = randomOffsets();
            for (int i = 0; i < RANDOM_READS; i++) {
                long start = System.nanoTime();
                image.source().read(buffer.clear(), offsets[i]);
                latencies[i] = seconds(start) * 1000;
            }
            return new Random(latencies, stats.snapshot().bytesFetched());
        }
    }

    private static long[] randomOffsets() {
        var random = new SplittableRandom(42);
        return random.longs(RANDOM_READS, 0, IMAGE - RANDOM_LENGTH).toArray();
    }

    private double curlSequential() throws Exception {
        long start = System.nanoTime();
        curl(List.of("-r", "0-" + (SEQUENTIAL - 1), url, "-o", "/dev/null"));
        return seconds(start);
    }

    /** One curl process, one kept-alive connection, one timed transfer per range; the first warms the connection up. */
    private double[] curlRandom() throws Exception {
        var args = new ArrayList<>(List.of("-r", "0-0", url, "-o", "/dev/null", "-w", "%{time_total}\\n"));
        for (long offset : randomOffsets()) {
            args.addAll(List.of(
                    "--next",
                    "-r",
                    offset + "-" + (offset + RANDOM_LENGTH - 1),
                    url,
                    "-o",
                    "/dev/null",
                    "-w",
                    "%{time_total}\\n"));
        }
        var times = curl(args)
                .lines()
                .mapToDouble(line -> Double.parseDouble(line) * 1000)
                .toArray();
        return Arrays.copyOfRange(times, 1, times.length);
    }

    private static String curl(List<String> args) throws Exception {
        var command = new ArrayList<>(List.of("curl", "-sS", "--fail"));
        command.addAll(args);
        var process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("curl failed: " + String.join(" ", command.subList(0, 6)));
        }
        return out;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double mbits(long bytes, double seconds) {
        return bytes * 8 / seconds / 1e6;
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }

    private static double percentile(double[] values, int p) {
        var sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
