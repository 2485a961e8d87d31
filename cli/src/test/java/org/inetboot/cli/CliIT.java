package org.inetboot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.inetboot.host.Processes;
import org.inetboot.testing.Ports;
import org.inetboot.testing.SampleFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, run as a process the way the launcher runs it. */
class CliIT {

    @TempDir
    Path dir;

    private static List<String> java(String... args) {
        var command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                System.getProperty("inetboot.jar")));
        command.addAll(List.of(args));
        return command;
    }

    private record Ran(int status, byte[] out, String err) {}

    private static Ran run(String... args) throws Exception {
        var process = new ProcessBuilder(java(args)).start();
        var out = process.getInputStream().readAllBytes();
        var err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Ran(process.exitValue(), out, err);
    }

    @Test
    void serveThenReadToStdoutGivesExactBytesAndOneStatsLine() throws Exception {
        var bytes = SampleFiles.bytes(3_000_000, 51);
        Files.write(dir.resolve("image.iso"), bytes);
        int port = Ports.freePort();
        var server = new ProcessBuilder(java("serve", dir.toString(), "--bind", "127.0.0.1:" + port)).start();
        try {
            var banner = new java.io.BufferedReader(
                            new java.io.InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertThat(banner).startsWith("serving " + dir + " at http://127.0.0.1:" + port + "/");
            var url = "http://127.0.0.1:" + port + "/image.iso";
            var read = run("read", url, "--offset", "1000", "--length", "2000000", "--stats");
            assertThat(read.status()).isZero();
            assertThat(read.out()).isEqualTo(Arrays.copyOfRange(bytes, 1000, 2_001_000));
            assertThat(read.err().lines().toList())
                    .singleElement()
                    .asString()
                    .matches(
                            "\\{\"requests\":\\d+,\"bytesFetched\":\\d+,\"cacheHits\":\\d+,\"cacheMisses\":\\d+,\"retries\":0,\"mirrorSwitches\":0,\"mirrorsDemoted\":0,\"badPieces\":0,\"hedges\":0,\"hedgesWon\":0,\"hedgeExtraBytes\":0,\"elapsedMs\":\\d+}");
            try (var client = HttpClient.newHttpClient()) {
                var head = client.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(3_000_000);
            }
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void catWritesAFileOfAnIsoToStdout() throws Exception {
        var tree = org.inetboot.testing.IsoFixtures.sourceTree(dir.resolve("tree"));
        var iso = org.inetboot.testing.IsoFixtures.xorriso(dir.resolve("cat.iso"), tree, "-R");
        var ran = run("cat", iso.toString(), "/links/relative");
        assertThat(ran.status()).isZero();
        assertThat(ran.out()).isEqualTo(Files.readAllBytes(tree.resolve("boot/grub/grub.cfg")));
        assertThat(run("cat", iso.toString(), "/data/random.bin").out())
                .isEqualTo(Files.readAllBytes(tree.resolve("data/random.bin")));
    }

    @Test
    void a200MibInitrdIsListedWithA64MibHeap() throws Exception {
        var tree = java.nio.file.Files.createDirectories(dir.resolve("big"));
        org.inetboot.testing.SampleFiles.write(tree.resolve("payload.bin"), 200L << 20, 121);
        var initrd = dir.resolve("big.img");
        org.inetboot.host.Processes.run(
                tree, List.of("bash", "-c", "find . | cpio -o -H newc --quiet | zstd -q -1 -T0 > " + initrd));
        var command = new ArrayList<>(java(("initrd ls " + initrd + " --json").split(" ")));
        command.add(1, "-Xmx64m");
        var process = new ProcessBuilder(command).start();
        var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        var err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(err).isZero();
        assertThat(out).contains("\"path\":\"payload.bin\",\"type\":\"file\",\"size\":" + (200L << 20));
    }

    @Test
    void nbdServesOnTcpAndUnixUntilStopped() throws Exception {
        var image = java.nio.file.Files.write(dir.resolve("disk.img"), SampleFiles.bytes(2 << 20, 151));
        int port = Ports.freePort();
        var socket = dir.resolve("nbd.sock");
        var server = new ProcessBuilder(java(
                        "nbd",
                        image.toString(),
                        "--listen",
                        "127.0.0.1:" + port,
                        "--unix",
                        socket.toString(),
                        "--name",
                        "disk"))
                .redirectErrorStream(true)
                .start();
        try {
            var lines = new java.io.BufferedReader(
                    new java.io.InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            assertThat(lines.readLine())
                    .isEqualTo("serving " + image + " as NBD export 'disk' on nbd+unix:///disk?socket=" + socket);
            assertThat(lines.readLine())
                    .isEqualTo("serving " + image + " as NBD export 'disk' on nbd://127.0.0.1:" + port + "/disk");
            for (var uri : List.of("nbd://127.0.0.1:" + port + "/disk", "nbd+unix:///disk?socket=" + socket)) {
                var copy = dir.resolve("copy.img");
                Processes.run(dir, List.of("nbdcopy", uri, copy.toString()));
                assertThat(java.nio.file.Files.readAllBytes(copy)).isEqualTo(java.nio.file.Files.readAllBytes(image));
                java.nio.file.Files.delete(copy);
            }
        } finally {
            server.destroy();
            assertThat(server.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void anUnreachableServerIsOneLineAndANonZeroStatus() throws Exception {
        int port = Ports.freePort();
        var ran = run("info", "http://127.0.0.1:" + port + "/x.iso", "--retries", "1");
        assertThat(ran.status()).isEqualTo(1);
        assertThat(ran.err().lines().toList())
                .singleElement()
                .asString()
                .startsWith("inetboot: http://127.0.0.1:" + port + "/x.iso at offset 0: cannot connect")
                .endsWith("(gave up after 2 attempts)");
    }

    @Test
    void usageErrorsExitWithStatus2() throws Exception {
        var ran = run("read", "x.iso");
        assertThat(ran.status()).isEqualTo(2);
        assertThat(ran.err()).contains("Missing required options: '--offset=N', '--length=N'");
    }
}
