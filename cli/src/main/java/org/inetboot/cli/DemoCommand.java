package org.inetboot.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import org.inetboot.host.DebianPackages;
import org.inetboot.host.Trees;
import org.inetboot.iso.IsoImage;
import org.inetboot.media.Medium;
import org.inetboot.media.SampleLiveIso;
import org.inetboot.menu.BootMenus;
import org.inetboot.server.StaticFileServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "demo",
        description = "Boot a VM (qemu) from InetBoot's medium into a sample live ISO served over HTTP on"
                + " loopback, showing its console; the medium and the ISO are built once from Debian packages.")
final class DemoCommand implements Callable<Integer> {

    private static final double MIB = 1 << 20;
    private static final String KEXEC = "kexec: starting the target kernel";
    private static final String ATTACHED = " is /dev/nbd0 (";

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "900",
            description = "Stop the VM after this long (default: ${DEFAULT-VALUE}).")
    long timeout;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        var packages = DebianPackages.inUserCache();
        var medium = medium(packages, out);
        var sample = sample(packages, out);
        try (var server = StaticFileServer.start(sample.iso().getParent(), new InetSocketAddress("127.0.0.1", 0))) {
            var local = server.uri().resolve("sample.iso").toString();
            var guest = "http://10.0.2.2:" + server.uri().getPort() + "/sample.iso";
            out.printf(
                    "Serving the sample live ISO (%.1f MiB) at %s, which the VM reaches as %s%n%n$ inetboot entries %s%n",
                    Files.size(sample.iso()) / MIB, local, guest, local);
            try (var image = main.open(local)) {
                var iso = IsoImage.open(image.source());
                EntriesCommand.print(iso, BootMenus.read(iso), out);
            }
            long before = server.bytesSent();
            out.printf(
                    "%nBooting a VM (qemu, TCG) from the medium's vmlinuz and initrd.img with inetboot.url=%s%n%n",
                    guest);
            out.flush();
            var run = VmRun.run(
                    qemu(medium, "inetboot.url=" + guest),
                    List.of(KEXEC, ATTACHED, sample.marker(), SampleLiveIso.STATS),
                    Duration.ofSeconds(timeout),
                    // the stats line can arrive in pieces, and is seen in the first; the sample powers off after it
                    Duration.ofSeconds(2),
                    out);
            return summary(run, sample, server.bytesSent() - before, out);
        }
    }

    /** A VM (TCG, 1 GiB, user networking) that boots the medium's kernel pair with {@code arguments}. */
    static List<String> qemu(Path medium, String arguments) {
        return List.of(
                "qemu-system-x86_64",
                "-accel",
                "tcg",
                "-m",
                "1024",
                "-nographic",
                "-no-reboot",
                "-kernel",
                medium.resolve("vmlinuz").toString(),
                "-initrd",
                medium.resolve("initrd.img").toString(),
                "-append",
                "console=ttyS0 panic=1 quiet " + arguments,
                "-nic",
                "user,model=virtio-net-pci");
    }

    /** The medium for this jar, built once in the user's cache (another build of inetboot gets its own, and older ones go). */
    static Path medium(DebianPackages packages, PrintWriter out) throws Exception {
        return medium(packages, Main.ownJar(), out);
    }

    /** The medium of {@code jar}, an inetboot jar (the tests' is not the one they run in). */
    static Path medium(DebianPackages packages, Path jar, PrintWriter out) throws Exception {
        var demo = Files.createDirectories(packages.cacheDir().resolve("demo"));
        var digest =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)), 0, 6);
        var medium = demo.resolve("medium-" + digest);
        removeOthers(demo, "medium-", medium);
        return Trees.published(medium, dir -> {
            out.println("Building the boot medium from Debian packages (once for this build of inetboot)...");
            out.flush();
            Medium.build(packages, jar, Medium.Settings.NONE, dir);
        });
    }

    /** The sample live ISO and its marker, built once for each version of its layout. */
    static SampleLiveIso sample(DebianPackages packages, PrintWriter out) throws IOException {
        var demo = Files.createDirectories(packages.cacheDir().resolve("demo"));
        var dir = demo.resolve("sample-" + SampleLiveIso.LAYOUT);
        removeOthers(demo, "sample-", dir);
        Trees.published(dir, into -> {
            out.println("Building the sample live ISO from Debian packages (once)...");
            out.flush();
            var sample = SampleLiveIso.build(packages, into.resolve("sample.iso"));
            Files.writeString(into.resolve("marker"), sample.marker() + "\n");
        });
        return new SampleLiveIso(
                dir.resolve("sample.iso"),
                Files.readString(dir.resolve("marker")).strip());
    }

    private static void removeOthers(Path demo, String prefix, Path keep) throws IOException {
        try (var entries = Files.list(demo)) {
            for (var old : entries.filter(p -> p.getFileName().toString().startsWith(prefix) && !p.equals(keep))
                    .toList()) {
                Trees.delete(old);
            }
        }
    }

    private static int summary(VmRun run, SampleLiveIso sample, long served, PrintWriter out) throws IOException {
        long size = Files.size(sample.iso());
        var stage2 = run.line(SampleLiveIso.STATS)
                .map(line -> line.replaceFirst(".*\"bytesFetched\":(\\d+).*", "$1"))
                .filter(bytes -> bytes.matches("\\d+"))
                .map(bytes -> String.format("%.1f MiB", Long.parseLong(bytes) / MIB))
                .orElse("-");
        out.printf("%n----- InetBoot demo -----%n");
        out.printf("kexec into the image's kernel      %s%n", run.seconds(KEXEC));
        out.printf("image attached as /dev/nbd0        %s%n", run.seconds(ATTACHED));
        out.printf("live system running (its marker)   %s%n", run.seconds(sample.marker()));
        out.printf(
                "fetched over HTTP                  %.1f MiB of the %.1f MiB image (%.0f%%); stage 2's share %s%n",
                served / MIB, size / MIB, 100.0 * served / size, stage2);
        out.flush();
        if (!run.times().containsKey(sample.marker())) {
            throw new IOException("the VM did not reach the sample live system (its console is above)");
        }
        return 0;
    }
}
