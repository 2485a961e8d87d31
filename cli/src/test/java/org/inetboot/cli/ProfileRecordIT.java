package org.inetboot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.inetboot.media.DebianPackages;
import org.inetboot.profile.BootProfile;
import org.inetboot.testing.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * `inetboot profile record` on a real boot: the sample live ISO boots in qemu through the medium,
 * stage 2 uploads the trace of its reads, and the profile made of it covers what the boot read.
 */
@Timeout(1800)
class ProfileRecordIT {

    @TempDir
    Path dir;

    @Test
    void aBootOfTheSampleIsoBecomesItsProfile() throws Exception {
        var sample = DemoCommand.sample(DebianPackages.inUserCache(), new PrintWriter(new StringWriter()));
        var iso = Files.copy(sample.iso(), dir.resolve("sample.iso"));
        var profile = dir.resolve("sample.iso.profile");
        var output = Processes.run(dir, List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                System.getProperty("inetboot.jar"), "profile", "record", iso.toString(), "--until", sample.marker(),
                "-o", profile.toString()));
        assertThat(output).contains("InetBoot timeline: ", "stage 1 started", "kexec", "stage 2 init", "attached",
                "hand-over to the target's /init", "boots      1");
        var recorded = BootProfile.parse(Files.readString(profile, StandardCharsets.UTF_8), profile.toString());
        assertThat(recorded.boots()).isEqualTo(1);
        assertThat(recorded.validator()).isNotNull();
        assertThat(recorded.size()).isEqualTo(Files.size(iso));
        assertThat(recorded.extents()).isNotEmpty();
        // the boot read its squashfs (1.3 MiB of 75 MiB when this was written), far from all of the image
        assertThat(recorded.bytes()).isBetween(256L << 10, Files.size(iso) / 2);
    }
}
