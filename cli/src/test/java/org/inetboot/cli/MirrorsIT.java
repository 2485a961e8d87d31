package org.inetboot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.inetboot.host.DebianPackages;
import org.inetboot.host.Processes;
import org.inetboot.iso.IsoImage;
import org.inetboot.media.SampleLiveIso;
import org.inetboot.source.FileSource;
import org.inetboot.source.Stats;
import org.inetboot.testing.Dnsmasq;
import org.inetboot.testing.LinkEmulator;
import org.inetboot.testing.Nginx;
import org.inetboot.testing.Qemu;
import org.inetboot.testing.TestCa;
import org.inetboot.trust.Minisign;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A medium built with `media build --ca-cert --trust --require-signed --url` boots a signed
 * Metalink of the sample live ISO through three nginx mirrors behind the link emulator, named by a
 * real DNS server (dnsmasq on the host, given by `ip=`): the nearest (20 ms) serves a copy with a
 * byte flipped in every piece inside its squashfs; the next (50 ms) is stopped when the target's
 * init starts; the farthest (150 ms, HTTPS with the test CA) is faithful and serves the manifest.
 * The live system comes up, the kernel logs no I/O error, and stage 2's counters show the liar
 * demoted for a bad piece and the stopped mirror failing.
 */
@Timeout(1800)
class MirrorsIT {

    private static final int PIECE = 64 << 10;
    private static final String HOST = "mirror.inetboot.test";
    /** A static address whose DNS server is the host's loopback, where dnsmasq answers. */
    private static final String IP = "ip=10.0.2.15::10.0.2.2:255.255.255.0::eth0:off:10.0.2.2";

    @TempDir
    Path dir;

    @Test
    void aSignedManifestBootsThroughALyingAndADyingMirror() throws Exception {
        var quiet = new PrintWriter(new StringWriter());
        var sample = DemoCommand.sample(DebianPackages.inUserCache(), quiet);
        var good = Files.copy(
                sample.iso(), Files.createDirectories(dir.resolve("good")).resolve("sample.iso"));
        Files.copy(sample.iso(), Files.createDirectories(dir.resolve("dying")).resolve("sample.iso"));
        Files.write(Files.createDirectories(dir.resolve("liar")).resolve("sample.iso"), tamperedSquashfs(good));
        var ca = TestCa.create(dir.resolve("ca"), HOST);

        var servers = new ArrayList<AutoCloseable>();
        try (var dns = Dnsmasq.start(dir.resolve("dns"), Map.of(HOST, "10.0.2.2"))) {
            var liar = "http://10.0.2.2:" + emulate(nginx("liar", null, servers), 20, servers) + "/";
            var dyingNginx = nginx("dying", null, servers);
            var dying = "http://" + HOST + ":" + emulate(dyingNginx, 50, servers) + "/";
            var far = "https://" + HOST + ":" + emulate(nginx("good", ca, servers), 150, servers) + "/";

            var key = Minisign.SecretKey.generate();
            Files.writeString(dir.resolve("release.key"), key.toFile());
            Files.writeString(dir.resolve("release.pub"), key.toPublic().toFile());
            var published = CliTest.run(
                    "publish",
                    good.toString(),
                    "--mirror",
                    liar,
                    "--mirror",
                    dying,
                    "--mirror",
                    far,
                    "--sign",
                    dir.resolve("release.key").toString());
            assertThat(published.status()).as(published.err()).isZero();
            var medium = medium(far + "sample.iso.meta4", ca.caCertificate());

            var stopped = new AtomicBoolean();
            var console = Qemu.boot(
                    medium.resolve("vmlinuz"),
                    medium.resolve("initrd.img"),
                    arguments(medium) + " " + IP,
                    List.of("-nic", "user,model=virtio-net-pci"),
                    line -> {
                        if (line.contains("sample live: the medium is") && stopped.compareAndSet(false, true)) {
                            stop(dyingNginx);
                        }
                        return line.startsWith(SampleLiveIso.STATS);
                    },
                    Duration.ofMinutes(15));
            var text = String.join("\n", console);
            assertThat(text).contains(sample.marker()).doesNotContain("I/O error");
            assertThat(stopped).isTrue();
            assertThat(dns.queries()).anyMatch(query -> query.contains("query[A] " + HOST + " from 127.0.0.1"));

            var line = console.stream()
                    .filter(l -> l.startsWith(SampleLiveIso.STATS))
                    .findFirst()
                    .orElseThrow();
            var stats = new ObjectMapper().readTree(line.substring(line.indexOf('[') + 1, line.lastIndexOf(']')));
            assertThat(stats.path("trust").asText())
                    .as(line)
                    .startsWith("signed by trusted key " + key.toPublic().idHex());
            assertThat(stats.path("stats").path("badPieces").asLong()).as(line).isPositive();
            var states = new ArrayList<String>();
            stats.path("mirrors")
                    .forEach(m -> states.add(
                            m.path("url").asText() + " " + m.path("state").asText()));
            assertThat(states)
                    .as(line)
                    .anyMatch(s -> s.startsWith(liar + "sample.iso demoted: bad piece: "))
                    .anyMatch(s -> s.startsWith(dying + "sample.iso failing ("))
                    .anyMatch(s -> s.equals(far + "sample.iso active"));
        } finally {
            for (var server : servers.reversed()) {
                server.close();
            }
        }
    }

    /** `inetboot media build` with the CA, the key and the manifest's URL in its menu. */
    private Path medium(String url, Path caCertificate) throws Exception {
        var medium = dir.resolve("medium");
        Processes.run(
                dir,
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        System.getProperty("inetboot.jar"),
                        "media",
                        "build",
                        "-o",
                        medium.toString(),
                        "--url",
                        url,
                        "--ca-cert",
                        caCertificate.toString(),
                        "--trust",
                        dir.resolve("release.pub").toString(),
                        "--require-signed"));
        return medium;
    }

    /** The kernel arguments of the medium's first entry, as its iPXE script gives them. */
    private static String arguments(Path medium) throws Exception {
        var kernel = Files.readAllLines(medium.resolve("inetboot.ipxe")).stream()
                .filter(l -> l.startsWith("kernel "))
                .findFirst()
                .orElseThrow();
        assertThat(kernel).contains(" inetboot.trust=", " inetboot.require-signed", " inetboot.url=https://" + HOST);
        return kernel.replaceFirst("^kernel \\S+ initrd=\\S+ ", "");
    }

    /** The image with one byte flipped in each piece inside its squashfs: whatever the boot reads there is wrong. */
    private static byte[] tamperedSquashfs(Path iso) throws Exception {
        var bytes = Files.readAllBytes(iso);
        try (var source = FileSource.open(iso, new Stats())) {
            var squashfs = IsoImage.open(source)
                    .lookup(SampleLiveIso.ROOT_FS, true)
                    .extents()
                    .getFirst();
            long first = (squashfs.offset() + PIECE - 1) / PIECE * PIECE; // the image's metadata before it stays good
            for (long at = first + 100; at < squashfs.offset() + squashfs.length(); at += PIECE / 2) {
                bytes[Math.toIntExact(at)] ^= 0x01;
            }
        }
        return bytes;
    }

    private Nginx nginx(String name, TestCa tls, List<AutoCloseable> servers) throws Exception {
        var nginx = tls == null
                ? Nginx.serve(dir.resolve(name), dir.resolve("nginx-" + name))
                : Nginx.serveTls(dir.resolve(name), dir.resolve("nginx-" + name), tls);
        servers.add(nginx);
        return nginx;
    }

    private static int emulate(Nginx nginx, int rttMs, List<AutoCloseable> servers) throws Exception {
        var link = new LinkEmulator(
                new InetSocketAddress("127.0.0.1", nginx.uri().getPort()), Duration.ofMillis(rttMs), 100_000_000L);
        servers.add(link);
        return link.port();
    }

    private static void stop(Nginx nginx) {
        try {
            nginx.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
