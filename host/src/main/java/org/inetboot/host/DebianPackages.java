package org.inetboot.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian packages fetched with apt and unpacked (not installed) into a cache outside the
 * repository, {@code $XDG_CACHE_HOME/inetboot} or {@code ~/.cache/inetboot}: what boot images
 * are built from.
 */
public final class DebianPackages {

    private final Path cache;

    public DebianPackages(Path cache) {
        this.cache = cache;
    }

    public static DebianPackages inUserCache() {
        var base = System.getenv("XDG_CACHE_HOME");
        return new DebianPackages((base != null ? Path.of(base) : Path.of(System.getProperty("user.home"), ".cache"))
                .resolve("inetboot"));
    }

    /** Where packages, downloads and built runtimes are kept. */
    public Path cacheDir() {
        return cache;
    }

    /** The package's files, unpacked once into {@code packages/NAME_VERSION}. */
    public Path unpack(String name) throws IOException {
        return unpack(name, tree -> {});
    }

    /** The same, with {@code prepare} run on the files before they are published (depmod, for instance). */
    public Path unpack(String name, Trees.Filler prepare) throws IOException {
        var version = candidate(name);
        return Trees.published(cache.resolve("packages/" + name + "_" + version), dir -> {
            Processes.run(dir, List.of("dpkg-deb", "-x", download(name, version).toString(), dir.toString()));
            prepare.fill(dir);
        });
    }

    /** The version apt would install. */
    private static String candidate(String name) throws IOException {
        for (var line : Processes.run(Path.of("/"), List.of("apt-cache", "policy", name))
                .lines()
                .toList()) {
            if (line.strip().startsWith("Candidate:")) {
                var version = line.strip().substring("Candidate:".length()).strip();
                if (!version.equals("(none)")) {
                    return version;
                }
            }
        }
        throw new IOException("apt has no candidate for package " + name + " (is apt-get update done?)");
    }

    /** The package file, downloaded once into {@code debs/NAME_VERSION/}. */
    private Path download(String name, String version) throws IOException {
        var dir = Trees.published(
                cache.resolve("debs/" + name + "_" + version.replace(":", "%3a")),
                into -> Processes.run(into, List.of("apt-get", "download", "-q", name + "=" + version)));
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".deb"))
                    .findFirst()
                    .orElseThrow(() -> new IOException("apt-get download " + name + " left no .deb in " + dir));
        }
    }
}
