package org.inetboot.bench;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.inetboot.host.DebianPackages;
import org.inetboot.image.Image;
import org.inetboot.image.OpenOptions;
import org.inetboot.json.JsonReader;
import org.inetboot.media.Medium;
import org.inetboot.media.SampleLiveIso;
import org.inetboot.metalink.ImageHasher;
import org.inetboot.metalink.Metalink;
import org.inetboot.source.Stats;
import org.inetboot.testing.LinkEmulator;
import org.inetboot.testing.Nginx;
import org.inetboot.testing.Qemu;
import org.inetboot.testing.SampleFiles;

/**
 * Mirrors and verification against one server: the sample live ISO booted through the medium from
 * a Metalink of three nginx mirrors at 20, 50 and 150 ms RTT, from a Metalink of the 20 ms one
 * alone, and from its plain URL (two rounds, alternating); and a sequential read of a 256 MiB image
 * with and without piece verification, on loopback and over a 1 Gbit/s link (five rounds after one
 * not counted; {@code --reads-only} runs only these). Prints Markdown.
 */
public final class MirrorsBenchmark {

    private static final double MIB = 1 << 20;
    private static final int[] RTT_MS = {20, 50, 150};
    private static final int ROUNDS = 2;
    private static final int ROUNDS_READ = 5;

    public static void main(String[] args) throws Exception {
        var dir = Files.createTempDirectory("inetboot-mirrors-bench");
        if (!List.of(args).contains("--reads-only")) {
            boots(dir);
        }
        verification(dir);
    }

    private static void boots(Path dir) throws Exception {
        var sample = sample(dir);
        var media = dir.resolve("media");
        Medium.build(DebianPackages.inUserCache(), LiveBootBenchmark.jar(), Medium.Settings.NONE, media);
        var servers = new ArrayList<AutoCloseable>();
        try {
            var bases = new ArrayList<String>();
            for (int i = 0; i < RTT_MS.length; i++) {
                var root = Files.createDirectories(dir.resolve("mirror" + i));
                Files.copy(sample.iso(), root.resolve("sample.iso"));
                var nginx = Nginx.serve(root, dir.resolve("nginx" + i));
                servers.add(nginx);
                var link = new LinkEmulator(
                        new InetSocketAddress("127.0.0.1", nginx.uri().getPort()),
                        Duration.ofMillis(RTT_MS[i]),
                        100_000_000L);
                servers.add(link);
                bases.add("http://10.0.2.2:" + link.port() + "/");
            }
            var home = dir.resolve("mirror0");
            manifest(sample.iso(), home.resolve("three.meta4"), bases);
            manifest(sample.iso(), home.resolve("best.meta4"), bases.subList(0, 1));
            var ways = Map.of(
                    "three mirrors (20, 50, 150 ms)", bases.getFirst() + "three.meta4",
                    "the 20 ms mirror alone", bases.getFirst() + "best.meta4",
                    "the 20 ms mirror's plain URL (no manifest)", bases.getFirst() + "sample.iso");
            var order = List.of(
                    "the 20 ms mirror alone",
                    "three mirrors (20, 50, 150 ms)",
                    "the 20 ms mirror's plain URL (no manifest)");
            var seconds = new java.util.LinkedHashMap<String, List<Double>>();
            var requests = new java.util.LinkedHashMap<String, List<String>>();
            for (int round = 0; round < ROUNDS; round++) {
                for (var way : order) {
                    var boot = boot(media, ways.get(way), sample);
                    seconds.computeIfAbsent(way, w -> new ArrayList<>()).add(boot.seconds());
                    requests.computeIfAbsent(way, w -> new ArrayList<>()).add(boot.counters());
                }
            }
            System.out.printf(
                    "Sample live ISO %.1f MiB booted through the medium to its marker (qemu TCG, 1 GiB);"
                            + " mirrors at 20, 50 and 150 ms RTT, 100 Mbit/s each; %d rounds.%n%n",
                    Files.size(sample.iso()) / MIB, ROUNDS);
            System.out.println(
                    "| boot | seconds to the marker (each round) | stage 2: requests, hedges, hedged bytes wasted, bad pieces |");
            System.out.println("|---|---|---|");
            for (var way : order) {
                System.out.printf("| %s | %s | %s |%n", way, seconds.get(way), String.join("; ", requests.get(way)));
            }
            double three = mean(seconds.get(order.get(1)));
            double best = mean(seconds.get(order.get(0)));
            System.out.printf("%nthree mirrors / the best alone: %.3f (goal ≤ 1.05)%n%n", three / best);
        } finally {
            for (var server : servers.reversed()) {
                server.close();
            }
        }
    }

    private record Boot(double seconds, String counters) {}

    private static Boot boot(Path media, String url, SampleLiveIso sample) throws Exception {
        long start = System.nanoTime();
        var at = new double[] {Double.NaN};
        var console = Qemu.boot(
                media.resolve("vmlinuz"),
                media.resolve("initrd.img"),
                "quiet inetboot.url=" + url,
                List.of("-nic", "user,model=virtio-net-pci"),
                line -> {
                    if (line.contains(sample.marker()) && Double.isNaN(at[0])) {
                        at[0] = (System.nanoTime() - start) / 1e9;
                    }
                    return line.startsWith(SampleLiveIso.STATS);
                },
                Duration.ofMinutes(15));
        var line = console.stream()
                .filter(l -> l.startsWith(SampleLiveIso.STATS))
                .findFirst()
                .orElse("[]");
        var json = line.substring(line.indexOf('[') + 1, line.lastIndexOf(']'));
        var counters = "-";
        if (!json.isBlank()
                && JsonReader.parse(json, "stats.json") instanceof Map<?, ?> stats
                && stats.get("stats") instanceof Map<?, ?> s) {
            counters = s.get("requests") + ", " + s.get("hedges") + ", " + s.get("hedgeExtraBytes") + ", "
                    + s.get("badPieces");
        }
        return new Boot(Math.round(at[0] * 10) / 10.0, counters);
    }

    /** A sequential read of a 256 MiB image, verified pieces against none: on loopback, and over a 1 Gbit/s link. */
    private static void verification(Path dir) throws Exception {
        var root = Files.createDirectories(dir.resolve("sequential"));
        var image = SampleFiles.write(root.resolve("image.img"), 256L << 20, 9);
        try (var nginx = Nginx.serve(root, dir.resolve("nginx-sequential"));
                var link = new LinkEmulator(
                        new InetSocketAddress("127.0.0.1", nginx.uri().getPort()),
                        Duration.ofMillis(1),
                        1_000_000_000L)) {
            var lan = "http://127.0.0.1:" + link.port() + "/";
            System.out.println(
                    "| sequential read of 256 MiB | plain URL, s (each round) | verified, s | verified / plain (medians) |");
            System.out.println("|---|---|---|---|");
            for (var base : List.of(nginx.uri().toString(), lan)) {
                manifest(image, root.resolve("image.img.meta4"), List.of(base));
                var plain = new ArrayList<Double>();
                var verified = new ArrayList<Double>();
                read(base + "image.img"); // warms the JIT and the server's page cache: not counted
                read(base + "image.img.meta4");
                for (int round = 0; round < ROUNDS_READ; round++) {
                    plain.add(read(base + "image.img"));
                    verified.add(read(base + "image.img.meta4"));
                }
                System.out.printf(
                        "| %s | %s | %s | %.3f |%n",
                        base.equals(lan)
                                ? "over a 1 Gbit/s, 1 ms link"
                                : "nginx on loopback (the worst case for hashing)",
                        plain,
                        verified,
                        median(verified) / median(plain));
            }
        }
    }

    private static double read(String location) throws Exception {
        long start = System.nanoTime();
        try (var image = Image.open(location, OpenOptions.DEFAULT, new Stats())) {
            var source = image.source();
            var buffer = java.nio.ByteBuffer.allocate(1 << 20);
            for (long offset = 0; offset < source.size(); offset += buffer.capacity()) {
                source.read(buffer.clear(), offset);
            }
        }
        return Math.round((System.nanoTime() - start) / 1e7) / 100.0;
    }

    private static void manifest(Path image, Path into, List<String> bases) throws Exception {
        var urls = new ArrayList<Metalink.Mirror>();
        for (var base : bases) {
            urls.add(new Metalink.Mirror(URI.create(base + image.getFileName()), urls.size() + 1, null));
        }
        Files.writeString(
                into,
                ImageHasher.describe(image, image.getFileName().toString(), 64 << 10, urls)
                        .toXml());
    }

    /** The demo's sample ISO when it is cached, else one built here. */
    private static SampleLiveIso sample(Path dir) throws Exception {
        var cached = DebianPackages.inUserCache().cacheDir().resolve("demo/sample-" + SampleLiveIso.LAYOUT);
        if (Files.exists(cached.resolve("sample.iso"))) {
            return new SampleLiveIso(
                    cached.resolve("sample.iso"),
                    Files.readString(cached.resolve("marker")).strip());
        }
        return SampleLiveIso.build(DebianPackages.inUserCache(), dir.resolve("sample.iso"));
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static double median(List<Double> values) {
        var sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }
}
