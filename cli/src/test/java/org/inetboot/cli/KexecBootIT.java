package org.inetboot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.inetboot.media.DebianPackages;
import org.inetboot.media.GuestImage;
import org.inetboot.server.StaticFileServer;
import org.inetboot.testing.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stage 1's core in a VM (TCG): our jar fetches a target ISO's kernel and initrd over HTTP, appends
 * its archive, and kexecs; the target kernel's /init shows the command line and the plan file that
 * only our archive contains, which proves the initrd was the target's plus ours.
 */
@Timeout(900)
class KexecBootIT {

    @TempDir
    Path dir;

    @Test
    void bootsTheTargetKernelByKexecWithItsInitrdPlusOurs() throws Exception {
        var packages = DebianPackages.inUserCache();
        var guestDir = Files.createDirectories(dir.resolve("guest"));
        var www = Files.createDirectories(dir.resolve("www"));
        try (var server = StaticFileServer.start(www, new InetSocketAddress("127.0.0.1", 0))) {
            var url = "http://10.0.2.2:" + server.uri().getPort() + "/target.iso";
            var guest = GuestImage.build(packages, Path.of(System.getProperty("inetboot.jar")), List.of("virtio_pci", "virtio_net"),
                    "inetboot boot " + url + "\n", guestDir);
            TargetIso.write(packages, guest.kernel(), dir.resolve("target"), www.resolve("target.iso"));
            var console = Qemu.boot(guest.kernel(), guest.initrd(), "quiet", List.of("-nic", "user,model=virtio-net-pci"),
                    line -> line.contains("INETBOOT-TARGET plan="), Duration.ofSeconds(600));
            var text = String.join("\n", console);
            assertThat(console).as(text).contains("INETBOOT-TARGET cmdline=[" + TargetIso.APPEND + " inetboot.url=" + url + "]");
            assertThat(console).as(text).anyMatch(line -> line.startsWith("INETBOOT-TARGET plan=[{\"image\":\"" + url + "\"")
                    && line.contains("\"label\":\"target\""));
        }
    }
}
