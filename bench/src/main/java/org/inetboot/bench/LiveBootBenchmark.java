package org.inetboot.bench;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.inetboot.media.DebianPackages;
import org.inetboot.media.Medium;
import org.inetboot.server.StaticFileServer;
import org.inetboot.testing.DebianLiveIso;
import org.inetboot.testing.LinkEmulator;
import org.inetboot.testing.Processes;
import org.inetboot.testing.Qemu;

/**
 * A real Debian Live ISO booted to its login prompt in the same VM (qemu, TCG, 1 GiB) three ways:
 * from a local virtual CD; by InetBoot, whose medium kexecs into the ISO's kernel and streams the
 * ISO over an emulated WAN link; and by live-boot's own {@code fetch=}, which downloads the whole
 * squashfs over the same link into RAM. Times from the VM's start to the login prompt, and the
 * bytes that crossed the link by then. The ISO's kernel and initrd boot the CD and fetch= runs
 * directly (the CD's isolinux menu waits for a key). Prints Markdown.
 */
public final class LiveBootBenchmark {

    /** getty's banner before the login prompt (systemd's welcome names the system without a tty). */
    private static final Pattern LOGIN = Pattern.compile("Debian GNU/Linux 12 \\S+ ttyS0");
    private static final double MIB = 1 << 20;

    public static void main(String[] args) throws Exception {
        int rttMs = 50;
        int mbit = 100;
        var iso = DebianLiveIso.get();
        var dir = Files.createTempDirectory("inetboot-live-bench");
        var www = Files.createDirectories(dir.resolve("www"));
        Files.copy(iso, www.resolve("live.iso")); // the server serves no link that leads out of its directory
        Processes.run(dir, List.of("xorriso", "-osirrox", "on", "-indev", iso.toString(), "-extract", "/live/vmlinuz",
                dir.resolve("vmlinuz").toString(), "-extract", "/live/initrd.img", dir.resolve("initrd.img").toString(),
                "-extract", "/live/filesystem.squashfs", www.resolve("filesystem.squashfs").toString()));
        var media = dir.resolve("media");
        Medium.build(DebianPackages.inUserCache(), jar(), List.of(), Optional.empty(), media);
        try (var server = StaticFileServer.start(www, new InetSocketAddress("127.0.0.1", 0));
             var link = new LinkEmulator(new InetSocketAddress("127.0.0.1", server.uri().getPort()), Duration.ofMillis(rttMs),
                     mbit * 1_000_000L)) {
            var base = "http://10.0.2.2:" + link.port() + "/";
            var nic = List.of("-nic", "user,model=virtio-net-pci");
            var live = "boot=live components console=ttyS0";
            System.out.printf("Debian Live ISO %.1f MiB (squashfs %.1f MiB); link %d ms RTT, %d Mbit/s; qemu TCG, 1 GiB.%n%n",
                    Files.size(iso) / MIB, Files.size(www.resolve("filesystem.squashfs")) / MIB, rttMs, mbit);
            System.out.println("| boot | seconds to login prompt | MiB over the link |");
            System.out.println("|---|---|---|");
            var cd = measure(server, List.of("-kernel", dir.resolve("vmlinuz").toString(), "-initrd", dir.resolve("initrd.img").toString(),
                    "-append", live, "-cdrom", iso.toString()));
            print("local virtual CD", cd);
            var inetboot = measure(server, concat(List.of("-kernel", media.resolve("vmlinuz").toString(), "-initrd",
                    media.resolve("initrd.img").toString(), "-append", "console=ttyS0 quiet inetboot.entry=1 inetboot.url=" + base + "live.iso"), nic));
            print("InetBoot (medium, kexec, NBD over HTTP)", inetboot);
            var fetch = measure(server, concat(List.of("-kernel", dir.resolve("vmlinuz").toString(), "-initrd",
                    dir.resolve("initrd.img").toString(), "-append", live + " ip=dhcp fetch=" + base + "filesystem.squashfs"), nic));
            print("live-boot fetch= (squashfs into RAM)", fetch);
            System.out.printf("%nInetBoot: %.2fx the local CD's time, %.2fx fetch='s time, %.2fx fetch='s bytes.%n",
                    inetboot[0] / cd[0], inetboot[0] / fetch[0], inetboot[1] / fetch[1]);
        }
    }

    /** Seconds to the login prompt, and bytes served by then (-1, -1 if it never came). */
    private static double[] measure(StaticFileServer server, List<String> qemu) throws Exception {
        long before = server.bytesSent();
        var result = new double[] {-1, -1};
        long start = System.nanoTime();
        var served = new AtomicLong(-1);
        var console = Qemu.run(qemu, line -> {
            if (LOGIN.matcher(line).find() && served.get() < 0) {
                served.set(server.bytesSent() - before);
                result[0] = (System.nanoTime() - start) / 1e9;
            }
            return served.get() >= 0;
        }, Duration.ofMinutes(15));
        if (served.get() < 0) {
            System.err.println("no login prompt; the console's end:\n" + String.join("\n", console.subList(Math.max(0, console.size() - 40), console.size())));
        }
        result[1] = served.get();
        return result;
    }

    private static void print(String name, double[] result) {
        System.out.printf("| %s | %.1f | %.1f |%n", name, result[0], result[1] / MIB);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        var all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Path jar() {
        var jar = Path.of("cli/target/inetboot.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("build the inetboot jar first (bench/run does)");
        }
        return jar.toAbsolutePath();
    }
}
