package org.inetboot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.inetboot.host.DebianPackages;
import org.inetboot.server.StaticFileServer;
import org.inetboot.testing.DebianLiveIso;
import org.inetboot.testing.LinkEmulator;
import org.inetboot.testing.SerialConsole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Debian Live ISO (live-build, bookworm) booted by the medium from a URL: stage 1 kexecs
 * into its kernel, stage 2 attaches the ISO to /dev/nbd0 with live-boot's
 * {@code live-media=/dev/nbd0}, and systemd comes up to its login prompt on the serial console,
 * where a unit shows that the live medium is /dev/nbd0, having fetched a fraction of the image;
 * then {@code systemctl reboot} restarts the machine within a minute, the medium intact to the end.
 */
@Timeout(3600)
class DebianLiveIT {

    /** getty's banner before the login prompt (systemd's welcome also names the system, without a tty). */
    private static final Pattern GETTY = Pattern.compile("Debian GNU/Linux 12 \\S+ ttyS0");

    /** What the medium's errors on the way down would say; none may appear. */
    static final Pattern MEDIUM_ERRORS = Pattern.compile("I/O error, dev|Buffer I/O error|SQUASHFS error"
            + "|shutting down sockets|Send disconnect failed|Connection timed out|inetboot: gave up");

    @TempDir
    Path dir;

    @Test
    void debianLiveBootsToItsLoginPromptFromTheImageOverHttpAndReboots() throws Exception {
        var iso = DebianLiveIso.get();
        try (var server = StaticFileServer.start(iso.getParent(), new InetSocketAddress("127.0.0.1", 0));
                var vm = boot(server.uri().getPort(), iso, "1024")) {
            vm.await(GETTY, Duration.ofMinutes(30));
            long atLogin = server.bytesSent();
            var probe = Pattern.compile(DebianLiveIso.PROBE + " medium=/dev/nbd0 root=overlay +stats=\\{.*");
            var probed = vm.lines().stream().filter(probe.asPredicate()).findFirst(); // before getty's banner, or after
            var line = probed.isPresent()
                    ? probed.get()
                    : vm.await(probe, Duration.ofMinutes(5)).group();
            long size = Files.size(iso);
            System.out.printf(
                    "Debian Live: %d of %d bytes fetched over HTTP by the login prompt (%.1f%%)%n%s%n",
                    atLogin, size, 100.0 * atLogin / size, line);
            assertThat(atLogin).isPositive().isLessThan(size / 2);

            vm.awaitPrompt(Duration.ofMinutes(5));
            shutsDownCleanly(vm, "systemctl reboot", "reboot: Restarting system");
        }
    }

    /**
     * The server goes away during the kexec: stage 2 says the image could not be attached, and
     * live-boot, finding no medium, ends in its own rescue shell, which takes commands. (A q35
     * machine: live-boot scans every block device 60 times before it gives up, and the default
     * machine's floppy drive made that take 6 minutes.)
     */
    @Test
    void aMediumGoneAfterTheKexecEndsInLiveBootsRescueShell() throws Exception {
        var iso = DebianLiveIso.get();
        try (var server = StaticFileServer.start(iso.getParent(), new InetSocketAddress("127.0.0.1", 0));
                var link = new LinkEmulator(
                        new InetSocketAddress("127.0.0.1", server.uri().getPort()), Duration.ZERO, 1_000_000_000L);
                var vm = boot(List.of("-machine", "q35"), link.port(), iso, "1024")) {
            vm.await(Pattern.compile("kexec: starting the target kernel"), Duration.ofMinutes(15));
            link.close();
            vm.await(
                    Pattern.compile("InetBoot stage 2: the image could not be attached \\(see above\\);"
                            + " the target's init starts without its medium"),
                    Duration.ofMinutes(5));
            vm.await(Pattern.compile("Unable to find a medium containing a live file system"), Duration.ofMinutes(10));
            vm.await(Pattern.compile("built-in shell \\(ash\\)"), Duration.ofMinutes(1));
            vm.type("echo rescue-$((6 * 7))");
            vm.await(Pattern.compile("^rescue-42$"), Duration.ofMinutes(1));
        }
    }

    /**
     * Types {@code command} (poweroff or reboot): the VM ends within 60 s (qemu runs with
     * -no-reboot), its kernel says {@code last}, and nothing on the way down is an error from
     * the medium or a stop job waiting on a timeout.
     */
    static void shutsDownCleanly(SerialConsole vm, String command, String last) throws InterruptedException {
        int from = vm.lines().size();
        long start = System.nanoTime();
        vm.type(command);
        assertThat(vm.awaitExit(Duration.ofSeconds(90))).as("the VM ended").isTrue();
        var elapsed = Duration.ofNanos(System.nanoTime() - start);
        var shutdown = String.join("\n", vm.lines().subList(from, vm.lines().size()));
        assertThat(shutdown)
                .contains(last)
                .doesNotContainPattern(MEDIUM_ERRORS)
                .doesNotContain("A stop job is running");
        System.out.println(command + " took " + elapsed.toMillis() + " ms");
        assertThat(elapsed).isLessThan(Duration.ofSeconds(60));
    }

    /**
     * The medium (built for this inetboot) boots the ISO served on the host's {@code port}, in a VM
     * of {@code memory} MiB, with more of the medium's {@code arguments} if any.
     */
    static SerialConsole boot(int port, Path iso, String memory, String... arguments) throws Exception {
        return boot(List.of(), port, iso, memory, arguments);
    }

    /** The same on a machine with these qemu arguments. */
    private static SerialConsole boot(List<String> machine, int port, Path iso, String memory, String... arguments)
            throws Exception {
        var medium = DemoCommand.medium(
                DebianPackages.inUserCache(),
                Path.of(System.getProperty("inetboot.jar")),
                new PrintWriter(new StringWriter()));
        var url = "http://10.0.2.2:" + port + "/" + iso.getFileName();
        var qemu = new ArrayList<>(machine);
        qemu.addAll(List.of(
                "-kernel",
                medium.resolve("vmlinuz").toString(),
                "-initrd",
                medium.resolve("initrd.img").toString(),
                "-append",
                String.join(" ", "console=ttyS0 panic=1 inetboot.timeout=1", String.join(" ", arguments))
                        + " inetboot.url=" + url,
                "-m",
                memory,
                "-nic",
                "user,model=virtio-net-pci"));
        return SerialConsole.start(qemu, "vm:");
    }
}
