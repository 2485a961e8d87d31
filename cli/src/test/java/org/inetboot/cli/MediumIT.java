package org.inetboot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.inetboot.media.DebianPackages;
import org.inetboot.server.StaticFileServer;
import org.inetboot.testing.Processes;
import org.inetboot.testing.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The boot medium end to end (qemu, TCG, BIOS): `inetboot media build --url`, then inetboot.iso
 * booted as a CD and the vmlinuz + initrd.img pair booted directly; each boots the target ISO
 * served by the host, by kexec, with our archive in its initrd. Then a URL that fails, answered
 * on the serial console by the retry menu and the URL prompt.
 */
@Timeout(1800)
class MediumIT {

    @TempDir
    Path dir;

    @Test
    void theMediumBootsATargetIsoFromAUrlByKexec() throws Exception {
        var www = Files.createDirectories(dir.resolve("www"));
        try (var server = StaticFileServer.start(www, new InetSocketAddress("127.0.0.1", 0))) {
            var url = "http://10.0.2.2:" + server.uri().getPort() + "/target.iso";
            var media = dir.resolve("media");
            var build = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    System.getProperty("inetboot.jar"), "media", "build", "-o", media.toString(), "--url", url));
            Processes.run(dir, build);
            assertThat(media.resolve("inetboot.ipxe")).content().contains("inetboot.url=" + url);
            TargetIso.write(DebianPackages.inUserCache(), media.resolve("vmlinuz"), dir.resolve("target"), www.resolve("target.iso"));
            var expected = "INETBOOT-TARGET cmdline=[" + TargetIso.APPEND + " inetboot.url=" + url + "]";
            var nic = List.of("-nic", "user,model=virtio-net-pci");

            var cd = new ArrayList<>(List.of("-cdrom", media.resolve("inetboot.iso").toString(), "-boot", "d"));
            cd.addAll(nic);
            var fromCd = Qemu.run(cd, line -> line.contains("INETBOOT-TARGET plan="), Duration.ofSeconds(900));
            assertThat(fromCd).as(String.join("\n", fromCd)).contains(expected);

            var direct = Qemu.boot(media.resolve("vmlinuz"), media.resolve("initrd.img"), "inetboot.url=" + url, nic,
                    line -> line.contains("INETBOOT-TARGET plan="), Duration.ofSeconds(600));
            assertThat(direct).as(String.join("\n", direct)).contains(expected);

            var missing = url.replace("target.iso", "missing.iso");
            var answers = List.of(new Qemu.Answer("[r]etry, [u]se another URL, or [s]hell?", "u"),
                    new Qemu.Answer("URL of an ISO image to boot?", url));
            var args = new ArrayList<>(List.of("-kernel", media.resolve("vmlinuz").toString(), "-initrd", media.resolve("initrd.img").toString(),
                    "-append", "console=ttyS0 panic=1 inetboot.url=" + missing));
            args.addAll(nic);
            var retried = Qemu.run(args, answers, line -> line.contains("INETBOOT-TARGET plan="), Duration.ofSeconds(600));
            var text = String.join("\n", retried);
            assertThat(retried).as(text).contains("inetboot: " + missing + " at offset 0: HTTP 404 (not found)");
            assertThat(retried).as(text).contains("INETBOOT-TARGET cmdline=[" + TargetIso.APPEND + " inetboot.url=" + url + "]");
        }
    }
}
