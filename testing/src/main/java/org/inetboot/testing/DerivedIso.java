package org.inetboot.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.inetboot.host.DebianPackages;
import org.inetboot.host.Processes;
import org.inetboot.host.Trees;

/**
 * An ISO made from the tests' {@link DebianLiveIso}, cached beside it under a hash of the base and
 * of everything its build is given, and built in a scratch directory removed afterwards.
 */
final class DerivedIso {

    /** Makes {@code iso} from {@code base}, with {@code work} to spare. */
    @FunctionalInterface
    interface Build {
        void build(Path base, Path work, Path iso) throws IOException;
    }

    private DerivedIso() {}

    /** The ISO named {@code kind}, built the first time. */
    static Path get(String kind, String configuration, Build build) throws IOException {
        var base = DebianLiveIso.get();
        var hash = DebianLiveIso.shortHash(base.getFileName() + "\0" + configuration);
        var dir = DebianPackages.inUserCache().cacheDir().resolve(kind).resolve(kind + "-" + hash);
        var name = kind + ".iso";
        Trees.published(dir, out -> {
            var work = Files.createDirectories(out.resolve("work"));
            try {
                build.build(base, work, out.resolve(name));
            } finally {
                Processes.run(out, List.of("rm", "-rf", work.toString())); // a root tree: its links are not followed
            }
        });
        return dir.resolve(name);
    }

    /** Copies files of {@code iso} into {@code dir}: each path in the image to the name it is given. */
    static void extract(Path iso, Path dir, Map<String, String> files) throws IOException {
        var command = new ArrayList<>(List.of("xorriso", "-osirrox", "on", "-indev", iso.toString()));
        files.forEach((path, name) -> command.addAll(List.of("-extract", path, name)));
        Processes.run(dir, command);
    }
}
