package org.inetboot.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Lines typed on the console, read by one thread so that a question can time out. */
final class ConsoleInput {

    /** Lines as they come; an empty one marks the end of input. */
    private final BlockingQueue<Optional<String>> lines = new LinkedBlockingQueue<>();

    ConsoleInput(InputStream in) {
        Thread.ofPlatform().daemon().name("console").start(() -> {
            try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (var line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(Optional.of(line.strip()));
                }
            } catch (IOException closed) {
                // treated as the end of input
            }
            lines.add(Optional.empty());
        });
    }

    /** The next line, waiting as long as it takes. */
    String line() throws IOException, InterruptedException {
        return check(lines.take());
    }

    /** The next line, or empty if none comes within {@code timeout}. */
    Optional<String> line(Duration timeout) throws IOException, InterruptedException {
        var line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return line == null ? Optional.empty() : Optional.of(check(line));
    }

    private String check(Optional<String> line) throws IOException {
        if (line.isEmpty()) {
            lines.add(line);
            throw new IOException("the console has no more input");
        }
        return line.get();
    }
}
