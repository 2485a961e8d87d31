package org.inetboot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.inetboot.host.DebianPackages;
import org.inetboot.host.Processes;
import org.inetboot.profile.BootProfile;
import org.inetboot.server.ReportReceiver;
import org.inetboot.server.StaticFileServer;
import org.inetboot.testing.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * `inetboot profile record` on a real boot: the sample live ISO boots in qemu through the medium,
 * stage 2 uploads the trace of its reads, and the profile made of it covers what the boot read.
 * Then the prepared path with that profile: `inetboot prepare` writes the image's kernel, its
 * initrd joined with stage 2, and an iPXE script; the VM's own iPXE (qemu's NIC ROM) loads them
 * over HTTP, stage 2 finds the profile next to the image and replays it, and reports its counters.
 */
@Timeout(1800)
class ProfileRecordIT {

    @TempDir
    Path dir;

    @Test
    void aBootOfTheSampleIsoBecomesItsProfileWhichThePreparedPathReplays() throws Exception {
        var sample = DemoCommand.sample(DebianPackages.inUserCache(), new PrintWriter(new StringWriter()));
        var iso = Files.copy(sample.iso(), dir.resolve("sample.iso"));
        var profile = dir.resolve("sample.iso.profile");
        var output = Processes.run(
                dir,
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        System.getProperty("inetboot.jar"),
                        "profile",
                        "record",
                        iso.toString(),
                        "--until",
                        sample.marker(),
                        "-o",
                        profile.toString()));
        assertThat(output)
                .contains(
                        "InetBoot timeline: ",
                        "stage 1 started",
                        "kexec",
                        "stage 2 init",
                        "attached",
                        "hand-over to the target's /init",
                        "boots      1");
        var recorded = BootProfile.parse(Files.readString(profile, StandardCharsets.UTF_8), profile.toString());
        assertThat(recorded.boots()).isEqualTo(1);
        assertThat(recorded.validator()).isNotNull();
        assertThat(recorded.size()).isEqualTo(Files.size(iso));
        assertThat(recorded.extents()).isNotEmpty();
        // the boot read its squashfs (1.3 MiB of 75 MiB when this was written), far from all of the image
        assertThat(recorded.bytes()).isBetween(256L << 10, Files.size(iso) / 2);

        var prepared = Files.createDirectories(dir.resolve("prepared"));
        try (var images = StaticFileServer.start(dir, new InetSocketAddress("127.0.0.1", 0));
                var files = StaticFileServer.start(prepared, new InetSocketAddress("127.0.0.1", 0));
                var reports = ReportReceiver.start()) {
            Processes.run(
                    dir,
                    List.of(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-jar",
                            System.getProperty("inetboot.jar"),
                            "prepare",
                            iso.toString(),
                            "-o",
                            prepared.toString(),
                            "--url",
                            "http://10.0.2.2:" + images.uri().getPort() + "/sample.iso",
                            "--append",
                            "console=ttyS0 panic=1 inetboot.report=" + reports.guestUrl()));
            // stage 2 reports every 2 s: the VM runs on a little after the marker for the report of its reads to arrive
            var run = VmRun.run(
                    Qemu.command(List.of(
                            "-boot",
                            "n",
                            "-nic",
                            "user,model=virtio-net-pci,bootfile=http://10.0.2.2:"
                                    + files.uri().getPort() + "/" + PrepareCommand.SCRIPT)),
                    List.of(sample.marker()),
                    Duration.ofMinutes(10),
                    Duration.ofSeconds(5),
                    new PrintWriter(new StringWriter()));
            assertThat(String.join("\n", run.lines()))
                    .contains("initrd.img... ok", "stage 2 init", "attached", sample.marker())
                    .doesNotContain("stage 1");
            var report = reports.take("stats.json").orElseThrow();
            var stats = new ObjectMapper().readTree(report);
            assertThat(stats.path("profile").path("prefetched").asLong())
                    .as(report)
                    .isPositive();
            assertThat(stats.path("profile").path("hits").asLong()).as(report).isPositive();
            assertThat(stats.path("daemonResidentBytes").asLong()).as(report).isBetween(16L << 20, 160L << 20);
        }
    }
}
