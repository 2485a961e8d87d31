package org.inetboot.cli;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A VM run whose serial console is shown as it comes: when each awaited text first appeared, and
 * every line. The VM is stopped {@code linger} after the last awaited text has appeared, or at
 * the timeout.
 */
record VmRun(Map<String, Duration> times, List<String> lines) {

    static VmRun run(List<String> command, List<String> awaited, Duration timeout, Duration linger, PrintWriter out)
            throws IOException, InterruptedException {
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var times = Collections.synchronizedMap(new LinkedHashMap<String, Duration>());
        var lines = Collections.synchronizedList(new ArrayList<String>());
        long start = System.nanoTime();
        var reader = Thread.ofVirtual().start(() -> {
            var line = new StringBuilder();
            try (var in = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
                var chars = new char[4096];
                for (int n = in.read(chars); n >= 0; n = in.read(chars)) {
                    var seen = new ArrayList<String>();
                    for (int i = 0; i < n; i++) {
                        if (chars[i] == '\n') {
                            out.println(line);
                            seen.add(line.toString());
                            line.setLength(0);
                        } else if (chars[i] != '\r') {
                            line.append(chars[i]);
                        }
                    }
                    out.flush();
                    lines.addAll(seen);
                    seen.add(line.toString()); // the line being written: a prompt (login:) ends without a newline
                    var elapsed = Duration.ofNanos(System.nanoTime() - start);
                    awaited.stream()
                            .filter(text -> seen.stream().anyMatch(l -> l.contains(text)))
                            .forEach(text -> times.putIfAbsent(text, elapsed));
                    if (times.containsKey(awaited.getLast())
                            && times.get(awaited.getLast()).equals(elapsed)) {
                        Thread.ofVirtual().start(() -> {
                            try {
                                Thread.sleep(linger);
                            } catch (InterruptedException e) {
                                // stop now
                            }
                            process.destroy();
                        });
                    }
                }
            } catch (IOException ended) {
                // the VM is gone: its stream may be closed under the read when it is stopped
            }
            if (!line.isEmpty()) {
                lines.add(line.toString());
            }
        });
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        reader.join(Duration.ofSeconds(5));
        return new VmRun(Map.copyOf(times), List.copyOf(lines));
    }

    /** The first line that starts with {@code prefix}. */
    Optional<String> line(String prefix) {
        return lines.stream().filter(line -> line.startsWith(prefix)).findFirst();
    }

    /** The time {@code text} first appeared, as seconds, or "-" if it did not. */
    String seconds(String text) {
        var time = times.get(text);
        return time == null ? "-" : String.format("%.1f s", time.toMillis() / 1000.0);
    }
}
