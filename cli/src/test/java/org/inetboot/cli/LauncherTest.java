package org.inetboot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The checkout's scripts, as a user's shell runs them. */
class LauncherTest {

    @Test
    void aJdkIsFoundWhateverJavaToolOptionsSays() throws IOException, InterruptedException {
        var process = new ProcessBuilder(Path.of("..", "tools", "jdk").toString()).redirectErrorStream(true);
        process.environment().put("JAVA_TOOL_OPTIONS", "-Dinetboot.test=1");
        process.environment().remove("JAVA_HOME");
        var started = process.start();
        var output = new String(started.getInputStream().readAllBytes()).strip();
        assertThat(started.waitFor()).as(output).isZero();
        assertThat(Path.of(output, "bin", "javac"))
                .satisfies(javac -> assertThat(Files.isExecutable(javac)).isTrue());
    }
}
