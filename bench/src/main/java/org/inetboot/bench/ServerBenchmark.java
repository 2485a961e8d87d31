package org.inetboot.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.inetboot.host.ProcessStats;
import org.inetboot.host.Trees;
import org.inetboot.testing.Nginx;
import org.inetboot.testing.Ports;
import org.inetboot.testing.SampleFiles;

/**
 * Many clients reading 64 KiB ranges of one image at random offsets over kept-alive connections on
 * loopback, from servers each in its own process, warmed up, taking turns: InetBoot's own
 * ({@code inetboot serve}: the JDK's HttpServer, handlers on virtual threads), Jetty 12's
 * {@code ResourceHandler} ({@link JettyFileServer}, with platform and with virtual threads) and
 * nginx as the reference. Every reply is compared byte for byte with the image. Prints Markdown:
 * throughput, latency, the server's CPU time per thousand requests (the clients share the two
 * cores) and its peak anonymous memory; each figure the median of {@value #ROUNDS} runs.
 */
public final class ServerBenchmark {

    private static final int MIB = 1 << 20;
    private static final int IMAGE = 256 * MIB;
    private static final int RANGE = 64 << 10;
    private static final int[] CLIENTS = {10, 200, 400}; // the harness's nginx takes 512 connections
    private static final Duration WARM_UP = Duration.ofSeconds(3);
    private static final Duration RUN = Duration.ofSeconds(10);
    private static final int ROUNDS = 3;
    private static final String HEAP = "-Xmx512m"; // both Java servers alike

    private ServerBenchmark() {}

    /** A server under test: its process and port. */
    private record Running(long pid, int port, AutoCloseable stop) {}

    @FunctionalInterface
    private interface Starter {
        Running start() throws Exception;
    }

    private record Candidate(String name, Starter starter) {}

    /** What the clients of one run saw. */
    private record Result(
            int clients,
            long requests,
            long failed,
            String failure,
            long wrong,
            long[] latencies,
            double cpuSeconds,
            long peakAnonymous) {

        double perSecond() {
            return requests / (RUN.toNanos() / 1e9);
        }

        double percentileMs(double p) {
            return latencies.length == 0
                    ? Double.NaN
                    : latencies[(int) Math.min(latencies.length - 1, latencies.length * p)] / 1e6;
        }
    }

    public static void main(String[] args) throws Exception {
        var dir = Files.createTempDirectory("inetboot-server-bench");
        var root = Files.createDirectories(dir.resolve("www"));
        var content = Files.readAllBytes(SampleFiles.write(root.resolve("image.iso"), IMAGE, 17));
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var www = root.toString();
        IntFunction<List<String>> inetboot = port ->
                List.of(java, HEAP, "-jar", "cli/target/inetboot.jar", "serve", www, "--bind", "127.0.0.1:" + port);
        var candidates = List.of(
                new Candidate("InetBoot (JDK HttpServer, virtual threads)", () -> javaServer(inetboot)),
                new Candidate(
                        "Jetty 12.1 ResourceHandler, no file mapping", () -> javaServer(jetty(java, www, "platform"))),
                new Candidate(
                        "Jetty 12.1 ResourceHandler, no file mapping, virtual threads",
                        () -> javaServer(jetty(java, www, "virtual"))),
                new Candidate("nginx 1.22 (reference)", () -> {
                    var nginx = Nginx.serve(root, dir.resolve("nginx"));
                    return new Running(nginx.pid(), nginx.uri().getPort(), nginx);
                }));
        System.out.printf(
                "Image %d MiB on loopback; each client one kept-alive connection reading %d KiB ranges at random offsets"
                        + " for %d s; every reply compared with the image. The servers run side by side, warmed up"
                        + " (%d s, %d clients); each row is the median of %d runs by requests/s, the servers taking"
                        + " turns; memory is the peak, wrong replies and failures the sum, over the runs.%n%n",
                IMAGE / MIB, RANGE >> 10, RUN.toSeconds(), WARM_UP.toSeconds(), CLIENTS[0], ROUNDS);
        System.out.println(
                "| server | clients | requests/s | MiB/s | p50 ms | p99 ms | server CPU s per 1000 requests | server anonymous memory, peak MiB | replies with wrong bytes | failed requests |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        var servers = new ArrayList<Running>();
        try {
            for (var candidate : candidates) {
                servers.add(candidate.starter().start());
                load(servers.getLast(), CLIENTS[0], WARM_UP, content);
            }
            var medians = new double[CLIENTS.length][];
            for (int level = 0; level < CLIENTS.length; level++) {
                medians[level] = measure(candidates, servers, CLIENTS[level], content);
            }
            System.out.println();
            for (int level = 0; level < CLIENTS.length; level++) {
                double[] perSecond = medians[level];
                System.out.printf(
                        Locale.ROOT,
                        "%d clients: InetBoot's requests/s over Jetty's %.2f (default pool), %.2f (virtual threads);"
                                + " over nginx's %.2f%n",
                        CLIENTS[level],
                        perSecond[0] / perSecond[1],
                        perSecond[0] / perSecond[2],
                        perSecond[0] / perSecond[3]);
            }
        } finally {
            for (var server : servers) {
                server.stop().close();
            }
            Trees.delete(dir);
        }
    }

    /** Each server's median run with this many clients, printed; returns their requests/s. */
    private static double[] measure(List<Candidate> candidates, List<Running> servers, int clients, byte[] content)
            throws Exception {
        var runs = new ArrayList<List<Result>>();
        servers.forEach(server -> runs.add(new ArrayList<>()));
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < servers.size(); i++) {
                runs.get(i).add(load(servers.get(i), clients, RUN, content));
            }
        }
        var perSecond = new double[servers.size()];
        for (int i = 0; i < servers.size(); i++) {
            var sorted = new ArrayList<>(runs.get(i));
            sorted.sort(java.util.Comparator.comparingDouble(Result::perSecond));
            var median = sorted.get(ROUNDS / 2);
            long peak = sorted.stream().mapToLong(Result::peakAnonymous).max().orElseThrow();
            long failed = sorted.stream().mapToLong(Result::failed).sum();
            perSecond[i] = median.perSecond();
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %d | %.0f | %.1f | %.2f | %.2f | %.3f | %.0f | %d | %s |%n",
                    candidates.get(i).name(),
                    clients,
                    median.perSecond(),
                    median.perSecond() * RANGE / MIB,
                    median.percentileMs(0.50),
                    median.percentileMs(0.99),
                    median.cpuSeconds() * 1000 / Math.max(1, median.requests()),
                    peak / (double) MIB,
                    sorted.stream().mapToLong(Result::wrong).sum(),
                    failed == 0
                            ? "0"
                            : failed + " (first: "
                                    + sorted.stream()
                                            .map(Result::failure)
                                            .filter(java.util.Objects::nonNull)
                                            .findFirst()
                                            .orElseThrow()
                                    + ")");
        }
        return perSecond;
    }

    /** {@link JettyFileServer} with this thread pool, as {@link #javaServer} starts it. */
    private static IntFunction<List<String>> jetty(String java, String www, String pool) {
        return port -> List.of(
                java,
                HEAP,
                "-cp",
                System.getProperty("java.class.path"),
                JettyFileServer.class.getName(),
                www,
                pool,
                "" + port);
    }

    /** A Java server in its own process, listening on the free port its command is given. */
    private static Running javaServer(IntFunction<List<String>> command) throws Exception {
        int port = Ports.freePort();
        var process = new ProcessBuilder(command.apply(port))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        Ports.awaitListening(process, port, Duration.ofSeconds(30));
        return new Running(process.pid(), port, () -> {
            process.destroy();
            process.waitFor();
        });
    }

    private static Result load(Running server, int clients, Duration duration, byte[] content) throws Exception {
        double cpu = ProcessStats.cpuSeconds(String.valueOf(server.pid()));
        long deadline = System.nanoTime() + duration.toNanos();
        var tallies = new ArrayList<Future<Tally>>();
        long peakAnonymous;
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                long seed = i;
                tallies.add(threads.submit(() -> client(server.port(), content, deadline, seed)));
            }
            peakAnonymous = peakAnonymousBytes(server.pid(), deadline);
        }
        double cpuSeconds = ProcessStats.cpuSeconds(String.valueOf(server.pid())) - cpu;
        long requests = 0;
        long failed = 0;
        long wrong = 0;
        String failure = null;
        var latencies = new ArrayList<long[]>();
        for (var future : tallies) {
            var tally = future.get();
            requests += tally.count;
            failed += tally.failed;
            wrong += tally.wrong;
            failure = failure != null ? failure : tally.failure;
            latencies.add(Arrays.copyOf(tally.latencies, tally.count));
        }
        var all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(clients, requests, failed, failure, wrong, all, cpuSeconds, peakAnonymous);
    }

    /** One client's count: latencies of its good replies, failures (reconnected), replies with wrong bytes. */
    private static final class Tally {
        long[] latencies = new long[1024];
        int count;
        long failed;
        String failure;
        long wrong;

        void add(long nanos) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = nanos;
        }
    }

    private static Tally client(int port, byte[] content, long deadline, long seed) {
        var random = new SplittableRandom(seed);
        var tally = new Tally();
        var body = new byte[RANGE];
        Connection connection = null;
        while (System.nanoTime() < deadline) {
            long offset = random.nextLong((content.length - RANGE) / 4096) * 4096;
            try {
                if (connection == null) {
                    connection = new Connection(new Socket("127.0.0.1", port));
                }
                long start = System.nanoTime();
                connection.get(offset, body);
                tally.add(System.nanoTime() - start);
                if (!Arrays.equals(body, 0, RANGE, content, (int) offset, (int) offset + RANGE)) {
                    tally.wrong++;
                }
            } catch (IOException e) {
                tally.failed++;
                tally.failure = tally.failure != null ? tally.failure : e.toString();
                connection = Connection.close(connection);
            }
        }
        Connection.close(connection);
        return tally;
    }

    /** HTTP/1.1 over one socket: a ranged GET and its 206 reply, nothing more. */
    private record Connection(Socket socket, InputStream in, OutputStream out) {

        Connection(Socket socket) throws IOException {
            this(socket, new BufferedInputStream(socket.getInputStream(), 1 << 16), socket.getOutputStream());
            socket.setTcpNoDelay(true);
        }

        void get(long offset, byte[] body) throws IOException {
            out.write(("GET /image.iso HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: bytes=" + offset + "-"
                            + (offset + body.length - 1) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            var status = line();
            long length = -1;
            for (var header = line(); !header.isEmpty(); header = line()) {
                if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    length = Long.parseLong(header.substring(15).trim());
                }
            }
            if (!status.startsWith("HTTP/1.1 206 ") || length != body.length) {
                throw new IOException(status + ", Content-Length " + length);
            }
            if (in.readNBytes(body, 0, body.length) != body.length) {
                throw new IOException("the reply was cut short");
            }
        }

        private String line() throws IOException {
            var line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("the server closed the connection");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        static Connection close(Connection connection) {
            if (connection != null) {
                try {
                    connection.socket.close();
                } catch (IOException ignored) {
                    // closing is all that is left to do
                }
            }
            return null;
        }
    }

    /** The largest RssAnon seen until the deadline: its heap and buffers, not the file pages it maps. */
    private static long peakAnonymousBytes(long pid, long deadline) throws InterruptedException {
        long peak = 0;
        while (System.nanoTime() < deadline) {
            peak = Math.max(peak, ProcessStats.statusBytes(String.valueOf(pid), "RssAnon"));
            Thread.sleep(100);
        }
        return peak;
    }
}
