package org.inetboot.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.inetboot.agent.Commands;

/** A Java runtime made by jlink from the running JDK, holding only the modules InetBoot uses. */
public final class JavaRuntime {

    /** What the inetboot jar needs: HTTP client, logging, JNI loading for zstd, TLS, the HTTP server for serve. */
    public static final List<String> MODULES = List.of("java.base", "java.net.http", "java.logging", "jdk.httpserver",
            "jdk.crypto.ec", "jdk.unsupported", "java.management");

    private JavaRuntime() {}

    /** The runtime in {@code cache/runtime-VERSION}, made once. */
    public static Path jlink(Path cache) throws IOException {
        var dir = cache.resolve("runtime-" + Runtime.version().feature() + "-" + Runtime.version().update());
        if (!Files.exists(dir.resolve("bin/java"))) {
            var jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
            var partial = cache.resolve(dir.getFileName() + ".partial");
            Commands.run(cache, List.of("rm", "-rf", partial.toString()));
            Files.createDirectories(cache);
            Commands.run(cache, List.of(jlink.toString(), "--add-modules", String.join(",", MODULES), "--strip-debug",
                    "--no-man-pages", "--no-header-files", "--compress", "zip-6", "--output", partial.toString()));
            Files.move(partial, dir);
        }
        return dir;
    }
}
