package org.inetboot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.inetboot.host.DebianPackages;
import org.inetboot.host.Processes;
import org.inetboot.json.Json;
import org.inetboot.media.SampleLiveIso;
import org.inetboot.server.StaticFileServer;
import org.inetboot.testing.IsoFixtures;
import org.inetboot.testing.LinkEmulator;
import org.inetboot.testing.Qemu;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The boot medium end to end (qemu, TCG), built once by `inetboot media build --url --menu`: the
 * ISO as a CD (BIOS and UEFI) and as a USB stick, and the vmlinuz + initrd.img pair each boot a
 * target ISO served by the host,
 * by kexec, and stage 2 attaches it to /dev/nbd0 before the target's init runs; the URL prompt,
 * the catalog, the entry menu and the failures are answered on the serial console. (DemoIT boots
 * the sample live system through the same kind of medium.)
 */
@Timeout(1800)
class MediumIT {

    private static final List<String> NIC = List.of("-nic", "user,model=virtio-net-pci");
    private static final Predicate<String> TARGET_DONE = line -> line.contains("INETBOOT-TARGET after-signals=");

    @TempDir
    static Path dir;

    private static StaticFileServer server;
    private static Path media;
    private static Path target;

    @BeforeAll
    static void buildTheMediumAndTheTarget() throws Exception {
        var www = Files.createDirectories(dir.resolve("www"));
        server = StaticFileServer.start(www, new InetSocketAddress("127.0.0.1", 0));
        media = dir.resolve("media");
        Processes.run(
                dir,
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        System.getProperty("inetboot.jar"),
                        "media",
                        "build",
                        "-o",
                        media.toString(),
                        "--url",
                        url("target.iso"),
                        "--menu",
                        url("catalog.json")));
        assertThat(media.resolve("inetboot.ipxe")).content().contains("inetboot.url=" + url("target.iso"));
        target = TargetIso.write(
                DebianPackages.inUserCache(),
                media.resolve("vmlinuz"),
                dir.resolve("target"),
                www.resolve("target.iso"));
    }

    @AfterAll
    static void stopServing() {
        server.close();
    }

    private static String url(String file) {
        return "http://10.0.2.2:" + server.uri().getPort() + "/" + file;
    }

    private static List<String> kernelPair(String cmdline) {
        return kernelPair(cmdline, NIC);
    }

    private static List<String> kernelPair(String cmdline, List<String> nic) {
        var args = new ArrayList<>(List.of(
                "-kernel",
                media.resolve("vmlinuz").toString(),
                "-initrd",
                media.resolve("initrd.img").toString(),
                "-append",
                "console=ttyS0 panic=1 " + cmdline));
        args.addAll(nic);
        return args;
    }

    /** Stage 1's DHCP lease from qemu's user network, which stage 2 takes over instead of asking again. */
    private static final String LEASE =
            Pattern.quote(" inetboot.ip=10.0.2.15/24::10.0.2.2:::eth0:off:10.0.2.3") + " inetboot\\.lease=\\d+";

    /** The target's init ran after stage 2 attached the image: its command line, /dev/nbd0's size, stage 2's counters. */
    private static void assertBootedWithStage2(List<String> console, String append) throws IOException {
        assertBootedWithStage2(console, append, LEASE);
        assertThat(console)
                .as("DHCP in stage 1 only")
                .filteredOn(line -> line.startsWith("network: DHCP on"))
                .hasSize(1);
    }

    private static void assertBootedWithStage2(List<String> console, String append, String stage2Parameters)
            throws IOException {
        var text = String.join("\n", console);
        var url = url("target.iso");
        assertThat(console)
                .as(text)
                .anyMatch(line ->
                        line.matches(Pattern.quote("INETBOOT-TARGET cmdline=[" + append + " rdinit=/inetboot/init")
                                + stage2Parameters
                                + Pattern.quote(" inetboot.url=" + url + "]")));
        assertThat(console).as(text).contains("INETBOOT-TARGET nbd0=[" + Files.size(target) / 512 + "]");
        assertThat(console)
                .as("the daemon outlives TERM, HUP and INT, and the device still reads: " + text)
                .contains("INETBOOT-TARGET after-signals=[alive 4096]")
                .noneMatch(line -> line.contains("shutting down sockets"));
        assertThat(console)
                .as(text)
                .anyMatch(line ->
                        line.startsWith("INETBOOT-TARGET stats=[{\"image\":\"" + url + "\",\"device\":\"/dev/nbd0\""));
    }

    @Test
    void theCdBootsTheUrlOfItsMenu() throws Exception {
        var cd = new ArrayList<>(List.of("-cdrom", media.resolve("inetboot.iso").toString(), "-boot", "d"));
        cd.addAll(NIC);
        assertBootedWithStage2(Qemu.run(cd, TARGET_DONE, Duration.ofSeconds(900)), TargetIso.APPEND);
    }

    @Test
    void theIsoBootsAsAUsbStickToo() throws Exception {
        var stick = new ArrayList<>(List.of(
                "-device",
                "qemu-xhci",
                "-drive",
                "if=none,id=stick,format=raw,readonly=on,file=" + media.resolve("inetboot.iso"),
                "-device",
                "usb-storage,drive=stick,bootindex=0"));
        stick.addAll(NIC);
        assertBootedWithStage2(Qemu.run(stick, TARGET_DONE, Duration.ofSeconds(900)), TargetIso.APPEND);
    }

    @Test
    void theCdBootsOnUefiToo() throws Exception {
        var variables = Files.copy(Path.of("/usr/share/OVMF/OVMF_VARS_4M.fd"), dir.resolve("uefi-variables.fd"));
        var uefi = new ArrayList<>(List.of(
                "-drive",
                "if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd",
                "-drive",
                "if=pflash,format=raw,unit=1,file=" + variables,
                "-cdrom",
                media.resolve("inetboot.iso").toString()));
        uefi.addAll(NIC);
        assertBootedWithStage2(Qemu.run(uefi, TARGET_DONE, Duration.ofSeconds(900)), TargetIso.APPEND);
    }

    /**
     * An image of no family InetBoot knows, whose init finds its medium only by volume label
     * (busybox's findfs), boots as it is: the hand-over is the attached device itself, which
     * carries the ISO's label.
     */
    @Test
    void anUnknownFamilyThatFindsItsMediumByLabelBootsAsItIs() throws Exception {
        var iso = SampleLiveIso.byLabel(DebianPackages.inUserCache(), dir.resolve("www/by-label.iso"));
        var console = Qemu.run(
                kernelPair("inetboot.timeout=1 inetboot.url=" + url("by-label.iso")),
                line -> line.startsWith(SampleLiveIso.STATS),
                Duration.ofSeconds(600));
        var text = String.join("\n", console);
        assertThat(text)
                .contains("booting 'Sample live system' (unknown): /boot/vmlinuz console=ttyS0 quiet medium=LABEL="
                        + SampleLiveIso.VOLUME + " rdinit=/inetboot/init")
                .contains("sample live: the medium is /dev/nbd0")
                .contains(iso.marker());
    }

    @Test
    void theKernelPairAsksForAUrlWhenItHasNoneAndTakesAStaticAddress() throws Exception {
        var ip = "10.0.2.15::10.0.2.2:255.255.255.0:guest:eth0:off:10.0.2.3";
        var answers = List.of(new Qemu.Answer("URL of an ISO image to boot?", url("target.iso")));
        var console =
                Qemu.run(kernelPair("inetboot.timeout=1 ip=" + ip), answers, TARGET_DONE, Duration.ofSeconds(600));
        assertBootedWithStage2(console, TargetIso.APPEND, Pattern.quote(" inetboot.ip=" + ip));
        assertThat(console)
                .filteredOn(line -> line.equals("network: eth0 10.0.2.15/24"))
                .hasSize(2); // stage 1, stage 2
        assertThat(console).noneMatch(line -> line.contains("DHCP"));
    }

    /**
     * The server goes away once the target runs, and stays away longer than stage 2 waits
     * ({@code inetboot.outage=10}): the target's read of a block not fetched yet is an I/O error
     * after the daemon's kernel-log line naming the URL, not a hang; the daemon lives on.
     */
    @Test
    void anOutageLongerThanStage2WaitsIsALogLineThenAnIoErrorNotAHang() throws Exception {
        try (var link = new LinkEmulator(origin(), Duration.ZERO, 1_000_000_000L)) {
            var url = "http://10.0.2.2:" + link.port() + "/target.iso";
            var console = Qemu.run(
                    kernelPair("inetboot.timeout=1 inetboot.outage=10 inetboot.url=" + url),
                    cutAt("INETBOOT-TARGET nbd0=", link),
                    Duration.ofSeconds(600));
            var text = String.join("\n", console);
            assertThat(console)
                    .as(text)
                    .anyMatch(
                            line -> line.matches(
                                    ".*inetboot: " + Pattern.quote(url)
                                            + ": \\d+ requests failed; retrying, each read for up to 10 s before the system gets an I/O error"))
                    .anyMatch(line -> line.matches(".*inetboot: gave up: " + Pattern.quote(url)
                            + " at offset \\d+: cannot connect: connection refused \\(gave up after \\d+ attempts in \\d+ s\\);"
                            + " the system gets an I/O error"))
                    .anyMatch(line -> line.matches(".*I/O error, dev nbd0, .*"))
                    .contains("INETBOOT-TARGET after-signals=[alive 0]");
        }
    }

    /**
     * The server goes away while stage 1 kexecs: stage 2 says why it cannot attach the image, and
     * the target's own init starts without its medium (where a distribution's rescue path begins).
     */
    @Test
    void aMediumGoneAfterTheKexecIsSaidAndTheTargetsInitStartsWithoutIt() throws Exception {
        try (var link = new LinkEmulator(origin(), Duration.ZERO, 1_000_000_000L)) {
            var url = "http://10.0.2.2:" + link.port() + "/target.iso";
            var console = Qemu.run(
                    kernelPair("inetboot.timeout=1 inetboot.url=" + url),
                    cutAt("kexec: starting the target kernel", link),
                    Duration.ofSeconds(600));
            var text = String.join("\n", console);
            assertThat(console)
                    .as(text)
                    .contains("inetboot: " + url
                            + " at offset 0: cannot connect: connection refused (gave up after 8 attempts)")
                    .contains("InetBoot stage 2: the image could not be attached (see above);"
                            + " the target's init starts without its medium")
                    .contains("INETBOOT-TARGET nbd0=[0]");
        }
    }

    private static InetSocketAddress origin() {
        return new InetSocketAddress("127.0.0.1", server.uri().getPort());
    }

    /** Ends the target's run as usual, and cuts the link to the server when {@code marker} appears. */
    private static Predicate<String> cutAt(String marker, LinkEmulator link) {
        return line -> {
            if (line.contains(marker)) {
                try {
                    link.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return TARGET_DONE.test(line);
        };
    }

    @Test
    void withoutANetworkCardItSaysSoAndOffersAShell() throws Exception {
        var menu = "InetBoot: [r]etry, or [s]hell?";
        var console = Qemu.run(
                kernelPair("inetboot.url=" + url("target.iso"), List.of("-nic", "none")),
                line -> line.contains(menu),
                Duration.ofSeconds(600));
        assertThat(console)
                .as(String.join("\n", console))
                .contains(
                        "inetboot: no network: no network interface (no driver in the medium for this machine's network card?)",
                        menu);
    }

    @Test
    void eachFailureIsOneLineAndTheMenuOffersTheCatalogAgainThenAnEntry() throws Exception {
        Files.writeString(
                dir.resolve("www/notes.iso"),
                "not an ISO image, but a text file long enough to be read. ".repeat(1000));
        var empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("README"), "no boot menu here\n");
        IsoFixtures.xorriso(dir.resolve("www/empty.iso"), empty, "-R");
        var unreachable = "http://10.0.2.2:1/target.iso";
        Files.writeString(
                dir.resolve("www/catalog.json"),
                Json.write(Map.of(
                        "format",
                        "inetboot-catalog",
                        "version",
                        1,
                        "images",
                        List.of(
                                Map.of("name", "Unreachable", "url", unreachable),
                                Map.of("name", "Not an ISO", "url", url("notes.iso")),
                                Map.of("name", "No boot entry", "url", url("empty.iso")),
                                Map.of("name", "Target", "url", url("target.iso"))))));
        var retry = "[r]etry, choose another [e]ntry, [u]se another URL, or [s]hell?";
        var which = "which image? [1-4, or a URL]";
        var answers = List.of(
                new Qemu.Answer(which, "1"),
                new Qemu.Answer(retry, "u"),
                new Qemu.Answer(which, "2"),
                new Qemu.Answer(retry, "u"),
                new Qemu.Answer(which, "3"),
                new Qemu.Answer(retry, "u"),
                new Qemu.Answer(which, url("missing.iso")),
                new Qemu.Answer(retry, "u"),
                new Qemu.Answer(which, "4"),
                new Qemu.Answer("boot which entry?", "2"));
        var console = Qemu.run(
                kernelPair("inetboot.menu=" + url("catalog.json")), answers, TARGET_DONE, Duration.ofSeconds(900));
        var text = String.join("\n", console);
        assertThat(console).as(text).contains("   4) Target");
        assertThat(console)
                .as(text)
                .contains("inetboot: " + unreachable
                        + " at offset 0: cannot connect: connection refused (gave up after 8 attempts)");
        assertThat(console)
                .as(text)
                .anyMatch(line -> line.startsWith("inetboot: " + url("notes.iso")) && line.contains("ISO 9660"));
        assertThat(console).as(text).contains("inetboot: the image has no boot entry that boots a Linux kernel");
        assertThat(console).as(text).contains("inetboot: " + url("missing.iso") + " at offset 0: HTTP 404 (not found)");
        assertThat(console).as(text).filteredOn(line -> line.contains(retry)).hasSize(4);
        assertBootedWithStage2(console, TargetIso.APPEND + " " + TargetIso.SECOND);
    }
}
