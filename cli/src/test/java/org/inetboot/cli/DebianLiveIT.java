package org.inetboot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.inetboot.host.Processes;
import org.inetboot.server.StaticFileServer;
import org.inetboot.testing.DebianLiveIso;
import org.inetboot.testing.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Debian Live ISO (live-build, bookworm, unmodified) booted by the medium from a URL: stage
 * 1 kexecs into its kernel, stage 2 attaches the ISO to /dev/nbd0 with live-boot's
 * {@code live-media=/dev/nbd0}, and systemd comes up to its login prompt on the serial console,
 * where a unit shows that the live medium is /dev/nbd0, having fetched a fraction of the image.
 */
@Timeout(3600)
class DebianLiveIT {

    /** getty's banner before the login prompt (systemd's welcome also names the system, without a tty). */
    private static final Pattern GETTY = Pattern.compile("Debian GNU/Linux 12 \\S+ ttyS0");

    @TempDir
    Path dir;

    @Test
    void debianLiveBootsToItsLoginPromptFromTheImageOverHttp() throws Exception {
        var iso = DebianLiveIso.get();
        var media = dir.resolve("media");
        Processes.run(
                dir,
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        System.getProperty("inetboot.jar"),
                        "media",
                        "build",
                        "-o",
                        media.toString()));
        try (var server = StaticFileServer.start(iso.getParent(), new InetSocketAddress("127.0.0.1", 0))) {
            var url = "http://10.0.2.2:" + server.uri().getPort() + "/" + iso.getFileName();
            var atLogin = new AtomicLong(-1);
            var probed = new AtomicBoolean();
            Predicate<String> both = line -> {
                if (GETTY.matcher(line).find()) {
                    atLogin.compareAndSet(-1, server.bytesSent());
                }
                probed.compareAndSet(false, line.contains(DebianLiveIso.PROBE));
                return probed.get() && atLogin.get() >= 0;
            };
            var console = Qemu.boot(
                    media.resolve("vmlinuz"),
                    media.resolve("initrd.img"),
                    "inetboot.timeout=1 inetboot.url=" + url,
                    List.of("-nic", "user,model=virtio-net-pci"),
                    both,
                    Duration.ofSeconds(1800));
            var text = String.join("\n", console);
            assertThat(console).as(text).anyMatch(line -> GETTY.matcher(line).find());
            assertThat(console)
                    .as(text)
                    .anyMatch(
                            line -> line.matches(DebianLiveIso.PROBE + " medium=/dev/nbd0 root=overlay +stats=\\{.*"));
            long size = Files.size(iso);
            System.out.printf(
                    "Debian Live: %d of %d bytes fetched over HTTP by the login prompt (%.1f%%)%n",
                    atLogin.get(), size, 100.0 * atLogin.get() / size);
            console.stream()
                    .filter(line -> line.startsWith(DebianLiveIso.PROBE))
                    .forEach(System.out::println);
            assertThat(atLogin.get()).isPositive().isLessThan(size / 2);
        }
    }
}
