package org.inetboot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.inetboot.host.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * `inetboot demo`, the main job, as users run it: a VM boots the medium, stage 1 kexecs into the
 * sample live ISO's kernel, stage 2 attaches the image served on loopback to /dev/nbd0, and the
 * sample system finds its medium there and runs from the squashfs inside, having fetched a
 * fraction of the image.
 */
@Timeout(1800)
class DemoIT {

    @TempDir
    Path dir;

    @Test
    void aVmBootsTheSampleLiveIsoOverHttp() throws Exception {
        var output = Processes.run(
                dir,
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        System.getProperty("inetboot.jar"),
                        "demo"));
        assertThat(output)
                .contains(
                        "distro: knoppix",
                        "sample live: the medium is /dev/nbd0",
                        "INETBOOT-SAMPLE-MARKER ",
                        "InetBoot stage 2: http://10.0.2.2:");
        var fetched = Pattern.compile("fetched over HTTP +(\\d+\\.\\d) MiB of the (\\d+\\.\\d) MiB image")
                .matcher(output);
        assertThat(fetched.find()).as(output).isTrue();
        assertThat(Double.parseDouble(fetched.group(1)))
                .as(output)
                .isPositive()
                .isLessThan(Double.parseDouble(fetched.group(2)) / 2);
        assertThat(output).containsPattern("live system running \\(its marker\\) +\\d+\\.\\d s");
        // the daemon that serves the root survives the switch to it, out of the OOM killer's reach, its memory locked
        assertThat(output).containsPattern("INETBOOT-SAMPLE-DAEMON oom_score_adj=-1000 VmLck: [1-9]\\d* kB");
        assertThat(output)
                .containsPattern(
                        "INETBOOT-SAMPLE-STATS \\[\\{\"image\":\"http://10\\.0\\.2\\.2:\\d+/sample\\.iso\",\"device\":\"/dev/nbd0\"");
    }
}
