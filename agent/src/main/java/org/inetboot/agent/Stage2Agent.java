package org.inetboot.agent;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.inetboot.boot.Stage2;
import org.inetboot.host.Messages;
import org.inetboot.image.Image;
import org.inetboot.image.OpenOptions;
import org.inetboot.image.ProfileDiscovery;
import org.inetboot.linux.ModuleLoader;
import org.inetboot.linux.NbdDevice;
import org.inetboot.linux.Syscalls;
import org.inetboot.nbd.NbdServer;
import org.inetboot.profile.TracingSource;
import org.inetboot.source.RetryPolicy;
import org.inetboot.source.Stats;
import sun.misc.Signal;

/**
 * Stage 2's daemon, started by stage 2's init in a root of its own (a tmpfs that the target's
 * switch_root does not empty): it finishes loading the target kernel's modules that stage 1 put
 * in its archive (the init loads them while this JVM starts), brings the network up as stage 1 did, attaches the image to {@link Stage2#NBD_DEVICE}
 * and serves it for the whole session. It never touches the device it serves, keeps its memory
 * locked and out of the OOM killer's reach, and absorbs network hiccups by retrying; the kernel's
 * timeout for a reply is longer than all the retries, so a hiccup is never an I/O error on the
 * target's root.
 */
public final class Stage2Agent {

    /** Written once the device is attached; stage 2's init waits for it. */
    public static final Path ATTACHED = Path.of("/run/inetboot/attached");

    /** Written by stage 2's init once it has loaded the modules it could. */
    private static final Path MODULES_LOADED = ATTACHED.resolveSibling("modules-loaded");

    /** How long a read waits out a server it cannot reach, unless {@code inetboot.outage=SECONDS} says. */
    static final Duration OUTAGE = Duration.ofMinutes(9);
    /**
     * The kernel waits this much longer for a reply: when its timeout expires first, the driver
     * shuts the device's connection down and the root is gone for good; a read that fails is an
     * I/O error for one request only.
     */
    private static final Duration KERNEL_GRACE = Duration.ofMinutes(3);

    private static final String EXPORT = "inetboot";
    /**
     * The largest read-ahead window: the kernel reads ahead itself (page cache, squashfs), so a
     * window of the link's bandwidth-delay product and a little more keeps a stream's link busy
     * without fetching what a boot never reads: by a Debian Live ISO's login prompt, stage 2 had
     * fetched 63% of it with 16 MiB windows, 23% with 1 MiB.
     */
    private static final long READ_AHEAD = 1L << 20;
    /**
     * The daemon's chunk cache, where a profile's replay waits for the boot (half of it at most:
     * 20 MiB, 8 s of a 20 Mbit/s link). Debian Live's boot found every chunk of its profile in time
     * with it, as with 64 MiB; the target's page cache keeps what it has read anyway.
     */
    private static final long MEMORY_CACHE = 40L << 20;

    private Stage2Agent() {}

    /** Attaches and serves until the device is disconnected (at shutdown); never returns before. */
    public static void run(KernelCommandLine cmdline, OpenOptions options, PrintWriter out)
            throws IOException, InterruptedException {
        var url = cmdline.value("inetboot.url")
                .orElseThrow(() -> new IOException("no inetboot.url= on the kernel command line"));
        out.println(Timeline.line("stage 2 daemon started"));
        loadModules(Path.of("/").resolve(Stage2.MODULES), out);
        var outage = outage(cmdline);
        var link = network(cmdline, out);
        out.println(Timeline.line("network up"));
        var stats = new Stats();
        var log = KernelLog.open();
        harden(log);
        NetworkClaim.keep(link.name(), Duration.ofSeconds(1), log);
        LinkKeeper.keep(link, Duration.ofSeconds(2), log);
        var opening = MediumTrust.manifests(cmdline, MediumTrust.withCaCertificates(options))
                .withReadRetry(RetryPolicy.patient(outage))
                .withReadAhead(READ_AHEAD / 8, READ_AHEAD)
                .withMemoryCache(MEMORY_CACHE);
        var profile =
                ProfileDiscovery.find(url, cmdline.value("inetboot.profile").orElse(null), opening, log::warning);
        try (var image = Image.open(url, opening.withProfile(profile.orElse(null)), stats)) {
            out.println(Timeline.line("image opened"));
            var tracing = new TracingSource(new FailureLog(image.source(), log));
            EventLog.watch(url, outage, image, Duration.ofSeconds(2), log);
            log.info(image.replay()
                    .map(r -> "replaying a boot profile of " + r.snapshot().profileBytes() + " bytes")
                    .orElse(
                            profile.isPresent()
                                    ? "the boot profile found is another image's (size or version): ignored"
                                    : "no boot profile: reads come as the system asks"));
            try (var server = new NbdServer(Map.of(EXPORT, tracing), NbdServer.MIN_PAYLOAD_BUDGET)) {
                var socket = Files.createDirectories(ATTACHED.getParent()).resolve("nbd.sock");
                var disconnected = server.listenForKernel(socket, EXPORT);
                var device = Path.of(Stage2.NBD_DEVICE);
                long size = image.source().size();
                try (var attached = NbdDevice.attach(device, socket, size, outage.plus(KERNEL_GRACE))) {
                    StatsFile.publish(
                            url,
                            device.toString(),
                            image,
                            tracing,
                            cmdline.value("inetboot.report").flatMap(StatsFile::reportUri),
                            Duration.ofSeconds(2),
                            log);
                    log.info(url + " attached to " + device);
                    out.printf(
                            "InetBoot stage 2: %s is %s (%d bytes, read-only); counters in /run/inetboot/stats.json,"
                                    + " the reads of this boot in /run/inetboot/trace%n",
                            url, device, size);
                    out.println(Timeline.line("attached"));
                    out.flush();
                    Files.writeString(ATTACHED, url + "\n");
                    disconnected.join();
                }
            }
        }
    }

    /** {@code inetboot.outage=SECONDS} (1 to 86,400), else {@link #OUTAGE}. */
    static Duration outage(KernelCommandLine cmdline) {
        return cmdline.value("inetboot.outage")
                .filter(value -> value.matches("\\d{1,5}"))
                .map(value -> Duration.ofSeconds(Long.parseLong(value)))
                .filter(value -> !value.isZero() && value.toSeconds() <= 86_400)
                .orElse(OUTAGE);
    }

    /**
     * The network as stage 1 had it: its static {@code ip=}, or its DHCP lease taken over while
     * enough of it is left; DHCP when the lease is nearly over or its interface is not there
     * (a target kernel that names its NICs otherwise).
     */
    private static Network.Link network(KernelCommandLine cmdline, PrintWriter out)
            throws IOException, InterruptedException {
        var ip = IpConfig.parse(cmdline.value("inetboot.ip").orElse(null));
        var lease = cmdline.value("inetboot.lease")
                .filter(v -> v.matches("\\d{1,18}"))
                .map(Long::parseLong);
        if (lease.isEmpty()) {
            return Network.up(ip, Network.CARRIER_WAIT, out);
        }
        if (Lease.usable(lease.get(), System.currentTimeMillis() / 1000)) {
            try {
                return Network.up(ip, Network.CARRIER_WAIT, out);
            } catch (IOException e) {
                out.println(
                        "InetBoot stage 2: stage 1's lease not taken over (" + Messages.oneLine(e) + "); DHCP instead");
            }
        }
        return Network.up(IpConfig.DHCP, Network.CARRIER_WAIT, out);
    }

    /**
     * Stage 2's init loads the modules while this JVM starts (busybox insmod, in their order); this
     * waits for it, then loads those still missing, which reports why one cannot load.
     */
    private static void loadModules(Path dir, PrintWriter out) throws IOException, InterruptedException {
        var order = dir.resolve("order");
        if (!Files.exists(order)) {
            return;
        }
        for (int waited = 0; !Files.exists(MODULES_LOADED) && waited < 300; waited++) {
            Thread.sleep(100);
        }
        var files = new ArrayList<String>();
        for (var line : Files.readAllLines(order)) {
            var words = line.strip().split("\\s+", 2); // a file, then its parameters
            if (!words[0].isEmpty()) {
                files.add(words[0]);
                if (!ModuleLoader.present(words[0].replaceFirst("\\.ko$", "").replace('-', '_'))) {
                    ModuleLoader.load(dir.resolve(words[0]), words.length > 1 ? words[1] : "");
                }
            }
        }
        out.println("InetBoot stage 2: loaded " + String.join(" ", files));
    }

    /**
     * Locked memory, no OOM kill, and no end by the signals a switch-root or a shutdown sends to
     * every process (the JVM would run its shutdown and exit): the system's root depends on this
     * process, which ends when the device is disconnected.
     */
    private static void harden(KernelLog log) throws IOException {
        Syscalls.lockMemory();
        Files.writeString(Path.of("/proc/self/oom_score_adj"), "-1000");
        for (var name : List.of("TERM", "HUP", "INT")) {
            Signal.handle(
                    new Signal(name),
                    signal -> log.info(
                            "SIG" + signal.getName() + " ignored: the system's root is served by this process"));
        }
    }
}
