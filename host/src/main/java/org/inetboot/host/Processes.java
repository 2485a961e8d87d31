package org.inetboot.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Runs a program to its end and returns its output; a failure is one line with what it said. */
public final class Processes {

    private Processes() {}

    /** Runs {@code command} in {@code dir}; interrupted, the program is killed. */
    public static String run(Path dir, List<String> command) throws IOException {
        var process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        try {
            var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IOException(
                        String.join(" ", command) + " failed: " + output.strip().replaceAll("\\s*\\R\\s*", "; "));
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + command.getFirst(), e);
        } finally {
            process.destroyForcibly(); // a no-op once it has ended
        }
    }

    public static String run(String... command) throws IOException {
        return run(Path.of("/"), List.of(command));
    }
}
