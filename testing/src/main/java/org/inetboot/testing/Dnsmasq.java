package org.inetboot.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real DNS server (dnsmasq) on the host's loopback, port 53, answering only the names given: a
 * qemu guest reaches it at 10.0.2.2 through the user network. Needs root (port 53).
 */
public final class Dnsmasq implements AutoCloseable {

    private final Process process;
    private final Path log;

    private Dnsmasq(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Answers each name with its IPv4 address; every other name is refused, nothing is forwarded. */
    public static Dnsmasq start(Path workDir, Map<String, String> names) throws IOException {
        Files.createDirectories(workDir);
        var log = workDir.resolve("dnsmasq.log");
        var command = new ArrayList<>(List.of(
                "/usr/sbin/dnsmasq",
                "--keep-in-foreground",
                "--conf-file=/dev/null",
                "--port=53",
                "--listen-address=127.0.0.1",
                "--bind-interfaces",
                "--no-resolv",
                "--no-hosts",
                "--log-queries",
                "--log-facility=" + log,
                "--pid-file=" + workDir.resolve("dnsmasq.pid")));
        names.forEach((name, address) -> command.add("--address=/" + name + "/" + address));
        var process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("dnsmasq.out").toFile())
                .start();
        try {
            Ports.awaitListening(process, 53, Duration.ofSeconds(10));
        } catch (IOException e) {
            process.destroyForcibly();
            throw new IOException(
                    "dnsmasq did not start: " + e.getMessage() + " " + Files.readString(workDir.resolve("dnsmasq.out")),
                    e);
        }
        return new Dnsmasq(process, log);
    }

    /** The queries dnsmasq logged, one line each ("query[A] NAME from ADDRESS"). */
    public List<String> queries() throws IOException {
        return Files.exists(log)
                ? Files.readAllLines(log).stream()
                        .filter(line -> line.contains("query["))
                        .toList()
                : List.of();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
