package org.inetboot.agent;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.inetboot.host.ProcessStats;
import org.inetboot.image.Image;
import org.inetboot.json.Json;
import org.inetboot.profile.ProfileReplay;
import org.inetboot.profile.TracingSource;
import org.inetboot.source.Stats;

/**
 * Publishes stage 2's counters as JSON, and the reads of this boot as a trace (for a boot
 * profile), for the running system to read in {@code /run/inetboot/stats.json} and
 * {@code /run/inetboot/trace} ({@link TargetRun}). With {@code inetboot.report=URL} both are
 * also PUT there, as {@code URL/stats.json} and {@code URL/trace}, each time they changed (how
 * {@code inetboot profile record} and the benchmarks collect them from a VM).
 */
final class StatsFile {

    static final Path TARGET = TargetRun.resolve("inetboot/stats.json");
    static final Path TRACE = TARGET.resolveSibling("trace");

    private StatsFile() {}

    /** Writes the counters and the trace every {@code period} when they changed. */
    static void publish(
            String url,
            String device,
            Image image,
            TracingSource tracing,
            Optional<URI> report,
            Duration period,
            KernelLog log) {
        Thread.ofVirtual().name("stats").start(() -> {
            try (var client = HttpClient.newHttpClient()) {
                String counters = null;
                int traced = -1;
                while (!Thread.currentThread().isInterrupted()) {
                    var snapshot = image.stats().snapshot();
                    var json = json(url, device, image, snapshot);
                    if (!json.equals(counters)) {
                        counters = json;
                        offer(TARGET, json, report, client, log);
                    }
                    var trace = tracing.trace();
                    if (trace.reads().size() != traced) {
                        traced = trace.reads().size();
                        offer(TRACE, trace.text(), report, client, log);
                    }
                    Thread.sleep(period);
                }
            } catch (InterruptedException e) {
                // the daemon ends
            }
        });
    }

    /** {@code inetboot.report=}'s value as a base for relative names; none if it is not an HTTP URL. */
    static Optional<URI> reportUri(String value) {
        try {
            var uri = new URI(value.endsWith("/") ? value : value + "/");
            return "http".equals(uri.getScheme()) || "https".equals(uri.getScheme())
                    ? Optional.of(uri)
                    : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** Writes {@code file} for the target, and PUTs it to the report URL if there is one. */
    private static void offer(Path file, String text, Optional<URI> report, HttpClient client, KernelLog log) {
        TargetRun.write(file, text);
        report.ifPresent(uri -> put(client, uri.resolve(file.getFileName().toString()), text, log));
    }

    private static String json(String url, String device, Image image, Stats.Snapshot snapshot) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("image", url);
        fields.put("device", device);
        fields.put("imageBytes", image.source().size());
        fields.put("stats", snapshot);
        fields.put(
                "profile",
                image.replay()
                        .map(ProfileReplay::snapshot)
                        .orElse(null)); // chunks: prefetched, hits, misses, neverRead
        fields.put("trust", image.provenance().map(Image.Provenance::trust).orElse(null));
        fields.put("mirrors", image.provenance().map(p -> p.mirrors().report()).orElse(List.of()));
        fields.put("daemonResidentBytes", ProcessStats.statusBytes("self", "VmRSS"));
        fields.put(
                "daemonCpuSeconds",
                ProcessStats.cpuSeconds("self")); // in an emulated machine, CPU the boot did not get
        return Json.write(fields) + "\n";
    }

    /** Best effort: a report that does not arrive costs the recorder a boot, never this boot anything. */
    private static void put(HttpClient client, URI uri, String text, KernelLog log) {
        try {
            client.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(5))
                            .PUT(HttpRequest.BodyPublishers.ofString(text))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            log.warning("cannot upload to " + uri + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
