package org.inetboot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.inetboot.testing.Nginx;
import org.inetboot.testing.SampleFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's contract, run in-process against a real nginx. */
class CliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SIZE = 5 << 20;

    @TempDir
    static Path dir;

    static Nginx nginx;
    static Path image;
    static String url;

    @BeforeAll
    static void start() throws IOException {
        var root = Files.createDirectories(dir.resolve("www"));
        image = SampleFiles.write(root.resolve("image.iso"), SIZE, 41);
        nginx = Nginx.serve(root, dir.resolve("nginx"));
        url = nginx.uri().resolve("image.iso").toString();
    }

    @AfterAll
    static void stop() throws Exception {
        nginx.close();
    }

    record Result(int status, String out, String err) {
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }

        JsonNode stats() throws IOException {
            var lines = err.lines().toList();
            return JSON.readTree(lines.getLast());
        }
    }

    static Result run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(status, out.toString(), err.toString());
    }

    @Test
    void helpListsEveryCommandWithADescription() {
        var help = run("--help");
        assertThat(help.status()).isZero();
        assertThat(help.out())
                .containsPattern("info\\s+Show an image's size")
                .containsPattern("read\\s+Write a byte range")
                .containsPattern("serve\\s+Serve a directory")
                .containsPattern("ls\\s+List a directory of an ISO image")
                .containsPattern("cat\\s+Write a file of an ISO image")
                .containsPattern("extract\\s+Extract files and directories")
                .containsPattern("entries\\s+Show an ISO image's boot menu entries")
                .containsPattern("demo\\s+Boot a VM \\(qemu\\) from InetBoot's medium");
        var commandHelp = run("extract", "--help");
        assertThat(commandHelp.status()).isZero();
        assertThat(commandHelp.out()).startsWith("Usage: inetboot extract").contains("PATH...");
    }

    @Test
    void infoJsonHasTheContractFields() throws IOException {
        var info = run("info", url, "--json");
        assertThat(info.status()).isZero();
        var json = info.json();
        assertThat(json.get("url").asText()).isEqualTo(url);
        assertThat(json.get("finalUrl").asText()).isEqualTo(url);
        assertThat(json.get("size").asLong()).isEqualTo(SIZE);
        assertThat(json.get("etag").asText()).startsWith("\"");
        assertThat(json.get("lastModified").asText()).endsWith("GMT");
        assertThat(json.get("rangeSupport").asBoolean()).isTrue();
        assertThat(json.get("httpVersion").asText()).isEqualTo("HTTP/1.1");
    }

    @Test
    void infoWorksOnLocalPathsAndFileUrls() throws IOException {
        for (var location : new String[] {image.toString(), image.toUri().toString()}) {
            var json = run("info", location, "--json").json();
            assertThat(json.get("size").asLong()).isEqualTo(SIZE);
            assertThat(json.get("finalUrl").asText()).isEqualTo(image.toUri().toString());
            assertThat(json.get("rangeSupport").asBoolean()).isTrue();
        }
    }

    @Test
    void readWritesExactlyTheRange() throws IOException {
        var out = dir.resolve("range.bin");
        var read = run("read", url, "--offset", "1234567", "--length", "2500000", "-o", out.toString());
        assertThat(read.status()).isZero();
        assertThat(Files.readAllBytes(out))
                .isEqualTo(Arrays.copyOfRange(Files.readAllBytes(image), 1234567, 1234567 + 2500000));
    }

    @Test
    void statsAreAcceptedBeforeAndAfterTheCommand() throws IOException {
        for (var args : new String[][] {{"--stats", "info", url}, {"info", url, "--stats"}}) {
            var stats = run(args).stats();
            assertThat(stats.fieldNames())
                    .toIterable()
                    .containsExactly(
                            "requests",
                            "bytesFetched",
                            "cacheHits",
                            "cacheMisses",
                            "retries",
                            "mirrorSwitches",
                            "mirrorsDemoted",
                            "badPieces",
                            "hedges",
                            "hedgesWon",
                            "hedgeExtraBytes",
                            "elapsedMs");
            // the probe, then the first chunk: the partition tables and the ISO volume descriptor lie in it
            assertThat(stats.get("requests").asLong()).isEqualTo(2);
        }
    }

    @Test
    void aDiskCacheServesASecondRunWithoutTheNetwork() throws IOException {
        var cache = dir.resolve("cache").toString();
        var out = dir.resolve("cached.bin").toString();
        var first = run("read", url, "--offset", "0", "--length", "1M", "-o", out, "--cache-dir", cache, "--stats");
        assertThat(first.stats().get("bytesFetched").asLong()).isGreaterThanOrEqualTo(1 << 20);
        var second = run("read", url, "--offset", "0", "--length", "1M", "-o", out, "--cache-dir", cache, "--stats");
        assertThat(second.stats().get("bytesFetched").asLong()).isZero();
        assertThat(second.stats().get("requests").asLong()).isEqualTo(1); // only the probe
        assertThat(Files.readAllBytes(Path.of(out))).isEqualTo(Arrays.copyOf(Files.readAllBytes(image), 1 << 20));
    }

    @Test
    void errorsAreOneLineNamingTheObjectAndOffset() {
        var cases = new String[][] {
            {
                "inetboot: " + url + " at offset " + (SIZE - 1) + ": range of 2 bytes lies outside the image of " + SIZE
                        + " bytes",
                "read",
                url,
                "--offset",
                Integer.toString(SIZE - 1),
                "--length",
                "2",
                "-o",
                dir.resolve("x").toString()
            },
            {
                "inetboot: " + nginx.uri() + "missing.iso at offset 0: HTTP 404 (not found)",
                "info",
                nginx.uri() + "missing.iso"
            },
            {"inetboot: /no/such/image.iso: cannot open: no such file", "info", "/no/such/image.iso"},
            {"inetboot: " + dir + ": is a directory, not an image", "info", dir.toString()},
            {"inetboot: /no/ca.pem: no such CA certificate file", "info", url, "--ca-cert", "/no/ca.pem"},
            {
                "inetboot: ftp://host/x.iso: unsupported URL scheme 'ftp' (use http, https, file or a path)",
                "info",
                "ftp://host/x.iso"
            },
            {
                "inetboot: file://relative/x.iso: a file URL names an absolute path (file:///path/to/image.iso)",
                "info",
                "file://relative/x.iso"
            },
            {
                "inetboot: cannot write /nonexistent/x.bin: no directory /nonexistent",
                "read",
                url,
                "--offset",
                "0",
                "--length",
                "1",
                "-o",
                "/nonexistent/x.bin"
            },
        };
        for (var c : cases) {
            var result = run(Arrays.copyOfRange(c, 1, c.length));
            assertThat(result.status()).isEqualTo(1);
            assertThat(result.err()).isEqualTo(c[0] + System.lineSeparator());
        }
    }

    @Test
    void badOptionValuesAreNamedNotPassedOn() {
        var cases = new String[][] {
            {"--stall-timeout must be from 1 to 86400 seconds", "--stall-timeout", "0"},
            {"--stall-timeout must be from 1 to 86400 seconds", "--stall-timeout", "99999999999999999"},
            {"--retries must be from 0 to 1000", "--retries", "2147483647"},
            {"--min-rate must be at most 1G", "--min-rate", "2G"},
        };
        for (var c : cases) {
            var result = run("info", url, c[1], c[2]);
            assertThat(result.status()).isEqualTo(2);
            assertThat(result.err().lines().findFirst()).hasValue(c[0]);
        }
    }

    @Test
    void aFailedReadLeavesNoPartialFileAndAnEarlierOneUnchanged() throws IOException {
        var out = Files.writeString(dir.resolve("kept.bin"), "earlier");
        var result = run("read", url, "--offset", Integer.toString(SIZE - 10), "--length", "20", "-o", out.toString());
        assertThat(result.status()).isEqualTo(1);
        assertThat(out).hasContent("earlier");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".part"));
        }
    }

    @Test
    void debugAddsTheStackTrace() {
        var result = run("--debug", "info", "/no/such/image.iso");
        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).contains("\tat org.inetboot.");
    }
}
