package org.inetboot.bench;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.inetboot.host.DebianPackages;
import org.inetboot.host.Processes;
import org.inetboot.media.GuestImage;
import org.inetboot.media.RuntimeTree;
import org.inetboot.server.StaticFileServer;
import org.inetboot.testing.Qemu;

/**
 * The agent's start-up in a slow machine (qemu, TCG), with and without the AOT cache the medium
 * carries: the time of `inetboot entries URL` (start, HTTP, ISO, boot menus), as stage 1 begins,
 * measured in the guest by /proc/uptime, three runs each, alternating. Prints Markdown.
 */
public final class StartupBenchmark {

    private static final int RUNS = 3;
    private static final String SCRIPT = """
            inetboot network > /dev/null
            for run in %s; do
                for mode in aot none; do
                    options=@/opt/inetboot/jvm.options
                    [ $mode = none ] && options="$(grep -v AOTCache /opt/inetboot/jvm.options | tr '\\n' ' ') -XX:AOTMode=off"
                    start=$(cut -d' ' -f1 /proc/uptime)
                    java $options -jar /opt/inetboot/inetboot.jar entries %s > /dev/null
                    echo "STARTUP $mode $start $(cut -d' ' -f1 /proc/uptime)"
                done
            done
            """;

    public static void main(String[] args) throws Exception {
        var dir = Files.createTempDirectory("inetboot-startup-bench");
        var tree = Files.createDirectories(dir.resolve("www/tree/isolinux"));
        Files.writeString(
                tree.resolve("isolinux.cfg"), "DEFAULT live\nLABEL live\n  KERNEL /live/vmlinuz\n  APPEND boot=live\n");
        Processes.run(
                dir,
                List.of(
                        "xorriso",
                        "-as",
                        "mkisofs",
                        "-quiet",
                        "-R",
                        "-o",
                        dir.resolve("www/x.iso").toString(),
                        tree.getParent().toString()));
        var packages = DebianPackages.inUserCache();
        var runtime = RuntimeTree.prepare(
                packages, Path.of("cli/target/inetboot.jar").toAbsolutePath(), dir.resolve("runtime"));
        try (var server = StaticFileServer.start(dir.resolve("www"), new InetSocketAddress("127.0.0.1", 0))) {
            var url = "http://10.0.2.2:" + server.uri().getPort() + "/x.iso";
            var runs = String.join(
                    " ",
                    IntStream.rangeClosed(1, RUNS).mapToObj(Integer::toString).toList());
            var guest = GuestImage.build(
                    packages,
                    runtime,
                    new GuestImage.Contents(
                            List.of("virtio_pci", "virtio_net"), List.of(), SCRIPT.formatted(runs, url), Map.of()),
                    Files.createDirectories(dir.resolve("guest")));
            var console = Qemu.boot(
                    guest.kernel(),
                    guest.initrd(),
                    "quiet",
                    List.of("-nic", "user,model=virtio-net-pci"),
                    line -> line.contains("INETBOOT-GUEST-DONE"),
                    Duration.ofMinutes(20));
            System.out.println("| JVM | `inetboot entries URL` in a TCG guest, s (each run) | mean s |");
            System.out.println("|---|---|---|");
            double aot = print(console, "aot", "with the AOT cache");
            double none = print(console, "none", "without (-XX:AOTMode=off)");
            System.out.printf("%nWith the AOT cache, start-up takes %.2fx the time without it.%n", aot / none);
        }
    }

    private static double print(List<String> console, String mode, String label) {
        var seconds = console.stream()
                .filter(line -> line.startsWith("STARTUP " + mode + " "))
                .map(line -> line.split(" "))
                .mapToDouble(words -> Double.parseDouble(words[3]) - Double.parseDouble(words[2]))
                .toArray();
        if (seconds.length == 0) {
            throw new IllegalStateException("the guest measured nothing:\n" + String.join("\n", console));
        }
        double mean = Arrays.stream(seconds).average().orElseThrow();
        System.out.printf(
                "| %s | %s | %.1f |%n",
                label,
                String.join(
                        ", ",
                        Arrays.stream(seconds)
                                .mapToObj(s -> String.format("%.1f", s))
                                .toList()),
                mean);
        return mean;
    }
}
