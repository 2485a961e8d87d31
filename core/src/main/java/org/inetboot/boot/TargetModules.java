package org.inetboot.boot;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inetboot.modules.KernelModules;
import org.inetboot.modules.ModuleFiles;
import org.inetboot.source.Source;

/**
 * The target kernel's own modules that stage 2 loads before it attaches the image: taken from the
 * target's initrds (their module directory for the kernel's release, as the kernel would unpack
 * them), else from this system's {@code /lib/modules} when it runs the same release. A module the target does
 * not have is reported, not fatal: it may be built in.
 */
final class TargetModules {

    private TargetModules() {}

    /** The modules for {@code wanted} (names or modaliases), decompressed, by file name in load order. */
    static Map<String, byte[]> select(
            byte[] kernel, Source initrds, List<String> wanted, Path localModules, PrintWriter progress)
            throws IOException {
        var release = KernelImage.release(kernel);
        if (release.isEmpty()) {
            progress.println(
                    "warning: the target kernel does not name its release; stage 2 loads no modules of its own");
            return Map.of();
        }
        var modules = find(release.get(), initrds, localModules);
        if (modules.isEmpty()) {
            progress.println("warning: no modules for kernel " + release.get()
                    + " in the target's initrds; stage 2 relies on built-ins");
            return Map.of();
        }
        var chosen = new ArrayList<KernelModules.Module>();
        for (var name : wanted) {
            try {
                modules.get().resolve(List.of(name)).stream()
                        .filter(m -> !chosen.contains(m))
                        .forEach(chosen::add);
            } catch (IOException missing) {
                progress.println("warning: kernel " + release.get() + " has no module for " + name
                        + "; stage 2 goes on without it");
            }
        }
        var files = new LinkedHashMap<String, byte[]>();
        modules.get().contents(chosen).forEach((module, bytes) -> files.put(module.name() + ".ko", bytes));
        return files;
    }

    private static Optional<KernelModules> find(String release, Source initrds, Path localModules) throws IOException {
        try {
            return Optional.of(KernelModules.read(ModuleFiles.initrd(initrds, release)));
        } catch (IOException noModuleDirectory) {
            // initrds without modules (an early microcode archive alone): try this system's
        }
        var local = localModules.resolve(release);
        return Files.isDirectory(local)
                ? Optional.of(KernelModules.read(ModuleFiles.directory(local, release)))
                : Optional.empty();
    }
}
