package org.inetboot.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inetboot.cli.CliTest.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** profile merge and show, on traces as stage 2 writes them. */
class CliProfileTest {

    @TempDir
    Path dir;

    private Path trace(String name, String reads) throws IOException {
        return Files.writeString(
                dir.resolve(name),
                "# inetboot trace 1\nimage http://m/live.iso\nsize 1048576\n" + "validator \"v1\"\ncut false\n"
                        + reads);
    }

    @Test
    void tracesOfTwoBootsMergeIntoAProfileThatShowTells() throws IOException {
        var a = trace("a.trace", "0 0 4096\n10 524288 131072\n20 900000 10\n");
        var b = trace("b.trace", "0 0 4096\n15 524288 65536\n");
        var profile = dir.resolve("live.iso.profile");
        var merged = run("profile", "merge", a.toString(), b.toString(), "-o", profile.toString(), "--min-share", "1");
        assertThat(merged.err()).isEmpty();
        assertThat(merged.out()).contains("boots      2").contains("covers     131,072 bytes, 12.5% of the image");
        var shown = run("profile", "show", profile.toString(), "--json");
        assertThat(shown.json().get("extents").asInt()).isEqualTo(2); // [0, 64K) and [512K, 576K)
        assertThat(shown.json().get("bytes").asLong()).isEqualTo(131_072);
        assertThat(shown.json().get("validator").asText()).isEqualTo("\"v1\"");
    }

    @Test
    void brokenFilesAreOneLineErrors() throws IOException {
        var other = Files.writeString(
                dir.resolve("other.trace"), "# inetboot trace 1\nimage x\nsize 5\nvalidator -\ncut false\n");
        var a = trace("a.trace", "0 0 1\n");
        assertThat(run(
                                "profile",
                                "merge",
                                a.toString(),
                                other.toString(),
                                "-o",
                                dir.resolve("p").toString())
                        .err())
                .startsWith("inetboot: the traces are of different images: ")
                .hasLineCount(1);
        assertThat(dir.resolve("p")).doesNotExist();
        var hostile = Files.writeString(
                dir.resolve("hostile.profile"),
                "{\"format\":\"inetboot-profile\",\"version\":1,\"size\":10,\"validator\":null,\"blockSize\":4096,\"boots\":1,"
                        + "\"extents\":[[8,5]]}");
        assertThat(run("profile", "show", hostile.toString()).err())
                .isEqualTo("inetboot: " + hostile + ": extent 0 length: 5 is not a whole number from 1 to 2\n");
    }
}
