package org.inetboot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.inetboot.host.DebianPackages;
import org.inetboot.media.GuestImage;
import org.inetboot.media.RuntimeTree;
import org.inetboot.server.StaticFileServer;
import org.inetboot.testing.IsoFixtures;
import org.inetboot.testing.Qemu;
import org.inetboot.testing.SampleFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * In a VM (TCG) booting Debian's kernel: our jar attaches the kernel's NBD driver in-process to an
 * ISO served over HTTP from the host, and the ISO file system on /dev/nbd0 is mounted and read.
 */
@Timeout(900)
class NbdAttachIT {

    @TempDir
    Path dir;

    @Test
    void theKernelMountsAnIsoServedOverHttpThroughOurNbdAttach() throws Exception {
        var tree = Files.createDirectories(dir.resolve("tree"));
        var data = SampleFiles.write(tree.resolve("data.bin"), 5 << 20, 141);
        var www = Files.createDirectories(dir.resolve("www"));
        IsoFixtures.xorriso(www.resolve("test.iso"), tree, "-R");
        String sha;
        try (var in = Files.newInputStream(data)) {
            sha = IsoFixtures.sha256(in);
        }
        try (var server = StaticFileServer.start(www, new InetSocketAddress("127.0.0.1", 0))) {
            int port = server.uri().getPort();
            var script = """
                    inetboot network
                    inetboot nbd http://10.0.2.2:%d/test.iso --attach /dev/nbd0 > /tmp/nbd.log 2>&1 &
                    pid=$!
                    while ! grep -q attached /tmp/nbd.log 2>/dev/null && kill -0 $pid 2>/dev/null; do sleep 1; done
                    cat /tmp/nbd.log
                    mount -t iso9660 -o ro /dev/nbd0 /mnt && echo "INETBOOT-NBD-SHA $(sha256sum /mnt/data.bin)"
                    """.formatted(port);
            var contents = new GuestImage.Contents(
                    List.of("virtio_pci", "virtio_net"), List.of("nbd", "isofs"), script, Map.of());
            var packages = DebianPackages.inUserCache();
            var runtime = RuntimeTree.prepare(
                    packages,
                    Path.of(System.getProperty("inetboot.jar")),
                    Files.createDirectories(dir.resolve("runtime")));
            var guest = GuestImage.build(packages, runtime, contents, Files.createDirectories(dir.resolve("guest")));
            var console = Qemu.boot(
                    guest.kernel(),
                    guest.initrd(),
                    "quiet",
                    List.of("-nic", "user,model=virtio-net-pci"),
                    line -> line.contains("INETBOOT-GUEST-DONE"),
                    Duration.ofSeconds(600));
            assertThat(console).as(String.join("\n", console)).contains("INETBOOT-NBD-SHA " + sha + "  /mnt/data.bin");
        }
    }
}
