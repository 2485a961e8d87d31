package org.inetboot.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import org.inetboot.metalink.ImageHasher;
import org.inetboot.metalink.Metalink;
import org.inetboot.mirrors.MirrorReport;
import org.inetboot.source.Stats;
import org.inetboot.testing.LinkEmulator;
import org.inetboot.testing.Nginx;
import org.inetboot.testing.SampleFiles;
import org.inetboot.trust.Minisign;
import org.inetboot.trust.TrustPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images through three real nginx mirrors: one lies, one dies, and the bytes are still the image's. */
class MirrorsTest {

    private static final int SIZE = 6 << 20;
    private static final int PIECE = 256 << 10;
    /** Inside piece 4: the lying mirror serves pieces 0 to 3 faithfully. */
    private static final int FLIPPED = (1 << 20) + 5;

    @TempDir
    Path dir;

    private byte[] image;
    private Nginx liar;
    private Nginx first;
    private Nginx second;
    private final List<Nginx> servers = new ArrayList<>();
    private final java.util.Map<Nginx, Path> roots = new java.util.HashMap<>();

    @BeforeEach
    void mirrors() throws IOException {
        image = Files.readAllBytes(SampleFiles.write(dir.resolve("image.img"), SIZE, 5854));
        var tampered = image.clone();
        tampered[FLIPPED] ^= 0x20;
        liar = serve("liar", tampered, "");
        first = serve("first", image, "");
        second = serve("second", image, "");
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (var server : servers) {
            server.close();
        }
    }

    /**
     * The liar is nearest (no added latency), so it serves the first reads, faithfully until piece
     * 4; then the mirror 50 ms away takes over and is stopped half-way; the one 100 ms away ends the
     * job.
     */
    @Test
    void aLyingAndADyingMirrorNeverCostTheRightBytes() throws Exception {
        try (var near = new LinkEmulator(address(first), Duration.ofMillis(50), 1_000_000_000L);
                var far = new LinkEmulator(address(second), Duration.ofMillis(100), 1_000_000_000L)) {
            var nearUrl = "http://127.0.0.1:" + near.port() + "/";
            var farUrl = "http://127.0.0.1:" + far.port() + "/";
            var manifest = publish(second, liar.uri().toString(), nearUrl, farUrl);
            var stats = new Stats();
            try (var opened = Image.open(manifest, OpenOptions.DEFAULT, stats)) {
                var source = opened.source();
                var bytes = new byte[SIZE];
                for (int at = 0; at < SIZE / 2; at += PIECE) {
                    source.read(ByteBuffer.wrap(bytes, at, PIECE), at);
                }
                first.close();
                try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                    var reads = new ArrayList<java.util.concurrent.Future<?>>();
                    for (int at = SIZE / 2; at < SIZE; at += PIECE) {
                        int offset = at;
                        reads.add(pool.submit(() -> {
                            source.read(ByteBuffer.wrap(bytes, offset, PIECE), offset);
                            return null;
                        }));
                    }
                    for (var read : reads) {
                        read.get();
                    }
                }
                assertEquals(sha256(image), sha256(bytes));

                var report = opened.provenance().orElseThrow().mirrors().report();
                assertThat(state(report, liar.uri().toString()))
                        .startsWith("demoted: bad piece: " + liar.uri() + "image.img at offset 1048576: piece 4 ");
                assertThat(state(report, nearUrl)).startsWith("failing (");
                assertThat(state(report, farUrl)).isEqualTo("active");
                var counters = stats.snapshot();
                assertEquals(1, counters.badPieces());
                assertThat(counters.mirrorSwitches()).isPositive();
            }
        }
    }

    private static InetSocketAddress address(Nginx server) {
        return new InetSocketAddress("127.0.0.1", server.uri().getPort());
    }

    @Test
    void theServerOfAPlainUrlMayNameTheManifestOrItsMirrors() throws Exception {
        var manifest = publish(second, second);
        var describing = serve(
                "describing",
                image,
                "add_header Link '<" + manifest + ">; rel=describedby; type=\"application/metalink4+xml\"';");
        try (var opened = Image.open(describing.uri() + "image.img", OpenOptions.DEFAULT, new Stats())) {
            var provenance = opened.provenance().orElseThrow();
            assertEquals(manifest, provenance.manifest());
            assertEquals("unsigned", provenance.trust());
            assertThat(provenance.mirrors().report()).hasSize(2);
            assertEquals(sha256(image), sha256(opened.source().readBytes(0, SIZE)));
        }

        var digest = Base64.getEncoder()
                .encodeToString(
                        java.security.MessageDigest.getInstance("SHA-256").digest(image));
        var naming = serve(
                "naming",
                image,
                "add_header Link '<" + second.uri() + "image.img>; rel=duplicate; pri=2; geo=de';"
                        + " add_header Repr-Digest 'sha-256=:" + digest + ":';");
        try (var opened = Image.open(naming.uri() + "image.img", OpenOptions.DEFAULT, new Stats())) {
            var provenance = opened.provenance().orElseThrow();
            assertEquals(sha256(image), provenance.metalink().sha256());
            assertThat(provenance.trust()).startsWith("unverified");
            assertThat(provenance.mirrors().report())
                    .extracting(MirrorReport::url)
                    .containsExactly(naming.uri() + "image.img", second.uri() + "image.img");
        }
    }

    @Test
    void signaturesAreCheckedAgainstTheTrustedKeys() throws Exception {
        var key = Minisign.SecretKey.generate();
        var stranger = Minisign.SecretKey.generate();
        var manifest = publish(second, second);
        var local = roots.get(second)
                .resolve(Path.of(URI.create(manifest).getPath()).getFileName());
        var bytes = Files.readAllBytes(local);
        Files.writeString(local.resolveSibling(local.getFileName() + ".minisig"), key.sign(bytes, "build 1"));
        var trusting = OpenOptions.DEFAULT.withTrust(new TrustPolicy(List.of(key.toPublic()), true));

        try (var opened = Image.open(manifest, trusting, new Stats())) {
            assertEquals(
                    "signed by trusted key " + key.toPublic().idHex() + " (build 1)",
                    opened.provenance().orElseThrow().trust());
        }
        var strangers = OpenOptions.DEFAULT.withTrust(new TrustPolicy(List.of(stranger.toPublic()), true));
        assertEquals(
                manifest + ": signed by key " + key.toPublic().idHex()
                        + ", which is not among the trusted keys; a signature by a trusted key is required",
                assertThrows(IOException.class, () -> Image.open(manifest, strangers, new Stats()))
                        .getMessage());

        Files.write(
                local,
                new String(bytes, StandardCharsets.UTF_8)
                        .replace("priority=\"1\"", "priority=\"2\"")
                        .getBytes());
        assertEquals(
                manifest + ": bad signature by trusted key " + key.toPublic().idHex()
                        + ": the manifest or its signature was altered",
                assertThrows(
                                IOException.class,
                                () -> Image.open(
                                        manifest,
                                        trusting.withTrust(new TrustPolicy(List.of(key.toPublic()), false)),
                                        new Stats()))
                        .getMessage());
        assertEquals(
                second.uri() + "image.img: not a signed Metalink, and a signature by a trusted key is required",
                assertThrows(IOException.class, () -> Image.open(second.uri() + "image.img", trusting, new Stats()))
                        .getMessage());
    }

    @Test
    void aMirrorOfAnotherBuildIsDroppedAndHostileManifestsAreOneLine() throws Exception {
        var other = serve("other", java.util.Arrays.copyOf(image, SIZE - 1), "");
        var manifest = publish(second, other, second);
        try (var opened = Image.open(manifest, OpenOptions.DEFAULT, new Stats())) {
            assertEquals(
                    "dropped: " + other.uri() + "image.img at offset 0: another build: 6291455 bytes where the manifest"
                            + " says 6291456",
                    state(opened.provenance().orElseThrow().mirrors().report(), other));
        }
        var hostile = dir.resolve("second/bomb.meta4");
        Files.writeString(
                hostile,
                "<?xml version='1.0'?><!DOCTYPE m [<!ENTITY a 'aaaaaaaa'>]>"
                        + "<metalink xmlns='urn:ietf:params:xml:ns:metalink'>&a;</metalink>");
        assertEquals(
                second.uri() + "bomb.meta4 at offset 21: a DOCTYPE is not allowed (no entity declarations,"
                        + " no external references)",
                assertThrows(
                                IOException.class,
                                () -> Image.open(second.uri() + "bomb.meta4", OpenOptions.DEFAULT, new Stats()))
                        .getMessage());
    }

    private Nginx serve(String name, byte[] content, String directives) throws IOException {
        var root = Files.createDirectories(dir.resolve(name));
        Files.write(root.resolve("image.img"), content);
        var server = Nginx.serve(root, dir.resolve("nginx-" + name), directives);
        servers.add(server);
        roots.put(server, root);
        return server;
    }

    /** Writes the manifest into {@code home}'s directory, naming {@code mirrors} in order of priority. */
    private String publish(Nginx home, Nginx... mirrors) throws IOException {
        return publish(
                home,
                java.util.Arrays.stream(mirrors).map(m -> m.uri().toString()).toArray(String[]::new));
    }

    private String publish(Nginx home, String... mirrors) throws IOException {
        var urls = new ArrayList<Metalink.Mirror>();
        for (int i = 0; i < mirrors.length; i++) {
            urls.add(new Metalink.Mirror(URI.create(mirrors[i] + "image.img"), i + 1, null));
        }
        var manifest = ImageHasher.describe(dir.resolve("image.img"), "image.img", PIECE, urls);
        var name = "image-" + urls.size() + "-" + roots.size() + ".meta4";
        Files.writeString(roots.get(home).resolve(name), manifest.toXml());
        return home.uri() + name;
    }

    private static String state(List<MirrorReport> report, Nginx server) {
        return state(report, server.uri().toString());
    }

    private static String state(List<MirrorReport> report, String url) {
        return report.stream()
                .filter(r -> r.url().startsWith(url))
                .findFirst()
                .orElseThrow()
                .state();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
