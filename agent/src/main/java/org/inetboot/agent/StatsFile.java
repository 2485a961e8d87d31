package org.inetboot.agent;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Optional;
import org.inetboot.json.Json;
import org.inetboot.profile.ProfileReplay;
import org.inetboot.profile.TracingSource;
import org.inetboot.source.Stats;

/**
 * Publishes stage 2's counters as JSON, and the reads of this boot as a trace (for a boot
 * profile), for the running system to read. The daemon's own root is not the target's, so the
 * files go through {@code /proc/1/root}: the root of whatever runs as PID 1, the initramfs before
 * the hand-over and the target's system after it; its {@code /run/inetboot/stats.json} and
 * {@code /run/inetboot/trace} are where users look. With {@code inetboot.trace=URL} the trace is
 * also PUT there each time it grew (how {@code inetboot profile record} collects it from a VM).
 */
final class StatsFile {

    static final Path TARGET = Path.of("/proc/1/root/run/inetboot/stats.json");
    static final Path TRACE = TARGET.resolveSibling("trace");

    private StatsFile() {}

    /** Writes the counters every {@code period}, and logs to the kernel when retries happen. */
    static void publish(String image, String device, long size, Stats stats, Optional<ProfileReplay> replay,
                        TracingSource tracing, Optional<URI> upload, Duration period, KernelLog log) {
        Thread.ofVirtual().name("stats").start(() -> {
            long retries = 0;
            int traced = -1;
            while (!Thread.currentThread().isInterrupted()) {
                var snapshot = stats.snapshot();
                if (snapshot.retries() > retries) {
                    log.warning(image + ": " + (snapshot.retries() - retries) + " requests retried (" + snapshot.retries() + " in all)");
                    retries = snapshot.retries();
                }
                write(TARGET, json(image, device, size, snapshot, replay.map(ProfileReplay::snapshot).orElse(null)));
                var trace = tracing.trace();
                if (trace.reads().size() != traced) {
                    traced = trace.reads().size();
                    write(TRACE, trace.text());
                    upload.ifPresent(uri -> put(uri, trace.text(), log));
                }
                try {
                    Thread.sleep(period);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    private static String json(String image, String device, long size, Stats.Snapshot snapshot, ProfileReplay.Snapshot profile) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("image", image);
        fields.put("device", device);
        fields.put("imageBytes", size);
        fields.put("stats", snapshot);
        fields.put("profile", profile); // chunks of the cache: prefetched, hits, misses, neverRead
        return Json.write(fields) + "\n";
    }

    /** Best effort: a trace that does not arrive costs the recorder a boot, never this boot anything. */
    private static void put(URI uri, String text, KernelLog log) {
        try (var client = HttpClient.newHttpClient()) {
            client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                    .PUT(HttpRequest.BodyPublishers.ofString(text)).build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            log.warning("cannot upload the trace to " + uri + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Replaces the file whole; while the target's /run is not writable yet, there is nothing to do. */
    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            var temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, text);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException notYet) {
            // e.g. a read-only root before the target mounts its /run
        }
    }
}
