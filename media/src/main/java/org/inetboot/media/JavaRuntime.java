package org.inetboot.media;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.inetboot.host.Processes;
import org.inetboot.host.Trees;
import org.inetboot.metalink.ImageHasher;
import org.inetboot.metalink.Metalink;
import org.inetboot.server.StaticFileServer;
import org.inetboot.trust.Minisign;

/**
 * A Java runtime made by jlink from the running JDK, holding only the modules InetBoot uses, and
 * an AOT cache (JEP 483) for the inetboot jar on it, trained by a run that reads an ISO's boot
 * menus over HTTP as stage 1 does: classes loaded and linked ahead of time take seconds off every
 * start in a slow machine (docs/benchmarks.md).
 */
public final class JavaRuntime {

    /** What the inetboot jar needs: HTTP client, logging, JNI loading for zstd, TLS, the HTTP server for serve. */
    public static final List<String> MODULES = List.of(
            "java.base",
            "java.net.http",
            "java.logging",
            "jdk.httpserver",
            "jdk.crypto.ec",
            "jdk.unsupported",
            "java.management");

    /**
     * The options of every JVM in InetBoot's roots, small and quick to start; the training runs
     * with the same. The AOT cache holds no machine code (adapters, stubs): code made for the
     * building machine's CPU dies of SIGILL on a CPU without its instructions.
     */
    private static final List<String> OPTIONS = List.of(
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UnlockDiagnosticVMOptions",
            "-XX:-AOTAdapterCaching",
            "-XX:-AOTStubCaching");

    private JavaRuntime() {}

    /**
     * The runtime in {@code cache/runtime-VERSION-stored}, made once. Its modules are stored
     * uncompressed: the initrd's zstd compresses them better than jlink's zip (15 against 21 MiB)
     * and classes load without inflating.
     */
    public static Path jlink(Path cache) throws IOException {
        var dir = cache.resolve("runtime-" + Runtime.version().feature() + "-"
                + Runtime.version().update() + "-stored");
        var jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
        return Trees.published(
                        dir,
                        into -> Processes.run(
                                cache,
                                List.of(
                                        jlink.toString(),
                                        "--add-modules",
                                        String.join(",", MODULES),
                                        "--strip-debug",
                                        "--no-man-pages",
                                        "--no-header-files",
                                        "--compress",
                                        "zip-0",
                                        "--output",
                                        into.resolve("java").toString())))
                .resolve("java");
    }

    /** The JVM options, one a line, plus {@code more}. */
    static List<String> options(String... more) {
        var options = new ArrayList<>(OPTIONS);
        options.addAll(List.of(more));
        return options;
    }

    /**
     * Trains an AOT cache for {@code jar} on {@code runtime}: `inetboot entries` of a small ISO served
     * on loopback, through a signed Metalink, so that the manifest's, the signature's and the
     * mirrors' classes are in the cache too (in a slow machine, loading and verifying them took
     * seconds of every boot through a manifest).
     */
    static Path trainAotCache(Path runtime, Path jar, Path work) throws IOException {
        var tree = Files.createDirectories(work.resolve("tree/isolinux"));
        Files.writeString(
                tree.resolve("isolinux.cfg"),
                "DEFAULT live\nLABEL live\n  KERNEL /live/vmlinuz\n  APPEND initrd=/live/initrd.img boot=live\n");
        var iso = work.resolve("training.iso");
        Processes.run(
                work,
                List.of(
                        "xorriso",
                        "-as",
                        "mkisofs",
                        "-quiet",
                        "-R",
                        "-o",
                        iso.toString(),
                        tree.getParent().toString()));
        var cache = work.resolve("inetboot.aot");
        try (var server = StaticFileServer.start(work, new InetSocketAddress("127.0.0.1", 0))) {
            var key = Minisign.SecretKey.generate();
            var manifest = ImageHasher.describe(
                            iso,
                            "training.iso",
                            64 << 10,
                            List.of(new Metalink.Mirror(server.uri().resolve("training.iso"), 1, null)))
                    .toXml()
                    .getBytes(StandardCharsets.UTF_8);
            Files.write(work.resolve("training.iso.meta4"), manifest);
            Files.writeString(work.resolve("training.iso.meta4.minisig"), key.sign(manifest, "training"));
            Files.writeString(work.resolve("training.pub"), key.toPublic().toFile());
            var command = new ArrayList<>(List.of(runtime.resolve("bin/java").toString()));
            command.addAll(options("-XX:AOTCacheOutput=" + cache));
            command.addAll(List.of(
                    "-jar",
                    jar.toString(),
                    "entries",
                    server.uri().resolve("training.iso.meta4").toString(),
                    "--trust",
                    work.resolve("training.pub").toString(),
                    "--require-signed"));
            Processes.run(work, command);
        }
        return cache;
    }
}
