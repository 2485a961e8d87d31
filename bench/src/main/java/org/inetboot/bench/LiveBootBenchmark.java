package org.inetboot.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.inetboot.host.DebianPackages;
import org.inetboot.host.Processes;
import org.inetboot.json.JsonReader;
import org.inetboot.media.Medium;
import org.inetboot.server.ReportReceiver;
import org.inetboot.server.StaticFileServer;
import org.inetboot.testing.DebianLiveIso;
import org.inetboot.testing.LinkEmulator;
import org.inetboot.testing.Qemu;

/**
 * A real Debian Live ISO booted to its login prompt in the same VM (qemu, TCG, 1 GiB) five ways:
 * from a local virtual CD; by live-boot's own {@code fetch=}, which downloads the whole squashfs
 * over an emulated WAN link into RAM; by InetBoot's medium (stage 1 kexecs into the ISO's kernel,
 * stage 2 streams the ISO over the link), without and with a boot profile; and by the prepared
 * path (the VM's iPXE loads the files of {@code inetboot prepare}), with the profile. The profile
 * is recorded first by {@code inetboot profile record} in a run of its own (on loopback), unless
 * {@code --profile FILE} names one. Times from the VM's start to the login prompt, the bytes that
 * crossed the link by then, and stage 2's own report (its resident memory, the profile's counters).
 * The CD and fetch= boot the ISO's kernel and initrd directly (the CD's isolinux menu waits for a
 * key). Prints Markdown.
 */
public final class LiveBootBenchmark {

    /** getty's banner before the login prompt (systemd's welcome names the system without a tty). */
    private static final Pattern LOGIN = Pattern.compile("Debian GNU/Linux 12 \\S+ ttyS0");

    private static final double MIB = 1 << 20;
    private static final Duration TIMEOUT = Duration.ofMinutes(20);

    /** Where InetBoot hands over to the target's own /init (stage 2's init prints it). */
    private static final String HAND_OVER = "hand-over to the target's /init";

    /**
     * One boot's outcome: seconds and link bytes to the login prompt, seconds to the hand-over to
     * the target's /init (NaN where there is none), and stage 2's last report (JSON) if it sent one.
     */
    private record Result(double seconds, long bytes, double handOver, Optional<String> stats) {}

    public static void main(String[] args) throws Exception {
        int rttMs = Args.integer(args, "--rtt-ms", 50);
        int mbit = Args.integer(args, "--mbit", 100);
        var iso = DebianLiveIso.get();
        var dir = Files.createTempDirectory("inetboot-live-bench");
        var www = Files.createDirectories(dir.resolve("www"));
        // the server serves no link that leads out of its directory; the copy keeps the ISO's time, and so the
        // validator (ETag) a profile recorded in another run names
        var image = Files.copy(iso, www.resolve("live.iso"), StandardCopyOption.COPY_ATTRIBUTES);
        Processes.run(
                dir,
                List.of(
                        "xorriso",
                        "-osirrox",
                        "on",
                        "-indev",
                        iso.toString(),
                        "-extract",
                        "/live/vmlinuz",
                        dir.resolve("vmlinuz").toString(),
                        "-extract",
                        "/live/initrd.img",
                        dir.resolve("initrd.img").toString(),
                        "-extract",
                        "/live/filesystem.squashfs",
                        www.resolve("filesystem.squashfs").toString()));
        var media = dir.resolve("media");
        Medium.build(DebianPackages.inUserCache(), jar(), Medium.Settings.NONE, media);
        var profile = Args.text(args, "--profile").map(Path::of).orElse(null);
        if (profile == null) {
            profile = dir.resolve("recorded.profile");
            inetboot(
                    dir,
                    "profile",
                    "record",
                    image.toString(),
                    "--append",
                    "inetboot.entry=1",
                    "-o",
                    profile.toString());
        }
        try (var server = StaticFileServer.start(www, new InetSocketAddress("127.0.0.1", 0));
                var link = new LinkEmulator(
                        new InetSocketAddress("127.0.0.1", server.uri().getPort()),
                        Duration.ofMillis(rttMs),
                        mbit * 1_000_000L);
                var reports = ReportReceiver.start()) {
            var base = "http://10.0.2.2:" + link.port() + "/";
            var report = " inetboot.report=" + reports.guestUrl();
            var nic = List.of("-nic", "user,model=virtio-net-pci");
            var live = "boot=live components console=ttyS0";
            var prepared = www.resolve("prepared");
            inetboot(
                    dir,
                    "prepare",
                    image.toString(),
                    "--url",
                    base + "live.iso",
                    "--entry",
                    "1",
                    "--stage2",
                    media.resolve(Medium.STAGE2).toString(),
                    "--append",
                    "console=ttyS0" + report,
                    "-o",
                    prepared.toString());
            System.out.printf(
                    "Debian Live ISO %.1f MiB (squashfs %.1f MiB); link %d ms RTT, %d Mbit/s; qemu TCG, 1 GiB;"
                            + " profile %s (%s).%n%n",
                    Files.size(iso) / MIB,
                    Files.size(www.resolve("filesystem.squashfs")) / MIB,
                    rttMs,
                    mbit,
                    profile.getFileName(),
                    Args.text(args, "--profile").isPresent() ? "given" : "recorded by this run");
            System.out.println("| boot | seconds to login prompt | MiB over the link | seconds to the target's /init |"
                    + " stage 2's VmRSS, MiB | stage 2's CPU, s | profile hits / misses |");
            System.out.println("|---|---|---|---|---|---|---|");
            var monitor = dir.resolve("monitor.sock");
            var cdRead = new long[1];
            var cd = measure(
                    server,
                    reports,
                    concat(
                            direct(dir, live),
                            List.of("-cdrom", iso.toString(), "-monitor", "unix:" + monitor + ",server=on,wait=off")),
                    () -> cdRead[0] = HumanMonitor.bytesRead(monitor));
            print("local virtual CD", cd);
            var fetch = measure(
                    server,
                    reports,
                    concat(direct(dir, live + " ip=dhcp fetch=" + base + "filesystem.squashfs"), nic),
                    null);
            print("live-boot fetch= (squashfs into RAM)", fetch);
            var mediumBoot = concat(
                    List.of(
                            "-kernel",
                            media.resolve("vmlinuz").toString(),
                            "-initrd",
                            media.resolve("initrd.img").toString(),
                            "-append",
                            "console=ttyS0 quiet inetboot.entry=1 inetboot.url=" + base + "live.iso" + report),
                    nic);
            var plain = measure(server, reports, mediumBoot, null);
            print("InetBoot medium, no profile", plain);
            Files.copy(profile, www.resolve("live.iso.profile"), StandardCopyOption.REPLACE_EXISTING);
            var medium = measure(server, reports, mediumBoot, null);
            print("InetBoot medium, profile", medium);
            var ipxe = measure(
                    server,
                    reports,
                    List.of("-boot", "n", "-nic", "user,model=virtio-net-pci,bootfile=" + base + "prepared/boot.ipxe"),
                    null);
            print("InetBoot prepared (iPXE: the ISO's kernel + initrd + stage 2), profile", ipxe);
            long cdBoot = Files.size(dir.resolve("vmlinuz")) + Files.size(dir.resolve("initrd.img")) + cdRead[0];
            System.out.printf(
                    "%nThe CD boot read %.1f MiB of the CD, plus its kernel and initrd: %.1f MiB.%n%n",
                    cdRead[0] / MIB, cdBoot / MIB);
            System.out.println("| row | goal | measured |");
            System.out.println("|---|---|---|");
            goal("medium path with a profile / local CD, time", "<= 1.4", medium.seconds() / cd.seconds());
            goal("prepared path with a profile / local CD, time", "<= 1.15", ipxe.seconds() / cd.seconds());
            goal("medium path with a profile / fetch=, time", "<= 0.8", medium.seconds() / fetch.seconds());
            goal("medium path without a profile / local CD, time", "<= 1.8", plain.seconds() / cd.seconds());
            goal(
                    "medium path with a profile: link bytes / (kernel + initrd + CD reads)",
                    "<= 1.3",
                    (double) medium.bytes() / cdBoot);
            goal(
                    "prepared path with a profile: link bytes / (kernel + initrd + CD reads)",
                    "(none)",
                    (double) ipxe.bytes() / cdBoot);
        }
    }

    /** Boots until the login prompt; {@code atLogin} runs then, while the VM still runs. */
    private static Result measure(StaticFileServer server, ReportReceiver reports, List<String> qemu, Runnable atLogin)
            throws Exception {
        reports.take("stats.json");
        long before = server.bytesSent();
        long start = System.nanoTime();
        var result = new Result[1];
        var handOver = new double[] {Double.NaN};
        var console = Qemu.run(
                qemu,
                line -> {
                    if (line.contains(HAND_OVER) && Double.isNaN(handOver[0])) {
                        handOver[0] = (System.nanoTime() - start) / 1e9;
                    }
                    if (result[0] == null && LOGIN.matcher(line).find()) {
                        result[0] = new Result(
                                (System.nanoTime() - start) / 1e9,
                                server.bytesSent() - before,
                                handOver[0],
                                Optional.empty());
                        if (atLogin != null) {
                            atLogin.run();
                        }
                    }
                    return result[0] != null;
                },
                TIMEOUT);
        if (result[0] == null) {
            System.err.println("no login prompt; the console's end:\n"
                    + String.join("\n", console.subList(Math.max(0, console.size() - 40), console.size())));
            return new Result(Double.NaN, -1, Double.NaN, Optional.empty());
        }
        // where InetBoot's own steps went (stage 1, stage 2's init and daemon), for docs/benchmarks.md
        console.stream()
                .filter(line -> line.contains("timeline") || line.startsWith("fetched "))
                .forEach(System.err::println);
        return new Result(result[0].seconds(), result[0].bytes(), result[0].handOver(), reports.take("stats.json"));
    }

    private static void print(String name, Result result) throws IOException {
        var stats = result.stats().isPresent()
                ? (Map<?, ?>) JsonReader.parse(result.stats().get(), "stage 2's stats.json")
                : Map.of();
        var profile = stats.get("profile") instanceof Map<?, ?> counters
                ? counters.get("hits") + " / " + counters.get("misses")
                : "-";
        var resident = stats.get("daemonResidentBytes") instanceof Number bytes
                ? String.format("%.1f", bytes.doubleValue() / MIB)
                : "-";
        var cpu = stats.get("daemonCpuSeconds") instanceof Number seconds
                ? String.format("%.1f", seconds.doubleValue())
                : "-";
        System.out.printf(
                "| %s | %.1f | %.1f | %s | %s | %s | %s |%n",
                name,
                result.seconds(),
                result.bytes() / MIB,
                Double.isNaN(result.handOver()) ? "-" : String.format("%.1f", result.handOver()),
                resident,
                cpu,
                profile);
    }

    private static void goal(String row, String goal, double measured) {
        System.out.printf("| %s | %s | %.2f |%n", row, goal, measured);
    }

    /** Runs the inetboot command line in a JVM of its own, as a user would. */
    private static void inetboot(Path dir, String... arguments) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-jar",
                jar().toString()));
        command.addAll(List.of(arguments));
        System.err.print(Processes.run(dir, command));
    }

    /** The ISO's own kernel and initrd (extracted into {@code dir}) booted directly, with {@code append}. */
    private static List<String> direct(Path dir, String append) {
        return List.of(
                "-kernel",
                dir.resolve("vmlinuz").toString(),
                "-initrd",
                dir.resolve("initrd.img").toString(),
                "-append",
                append);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        var all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** The inetboot jar bench/run built. */
    static Path jar() {
        var jar = Path.of("cli/target/inetboot.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("build the inetboot jar first (bench/run does)");
        }
        return jar.toAbsolutePath();
    }
}
