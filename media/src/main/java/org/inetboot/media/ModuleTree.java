package org.inetboot.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.inetboot.modules.KernelModules;
import org.inetboot.modules.ModuleFiles;

/**
 * Some of a kernel's modules in an image's root, as {@code lib/modules/VERSION}: uncompressed (so
 * that busybox's insmod and finit_module take them), under an index (modules.dep, modules.alias,
 * modules.softdep, modules.builtin) cut down to them, so that resolving a name or a modalias
 * there finds only what is carried.
 */
final class ModuleTree {

    private static final List<String> INDEX =
            List.of("modules.dep", "modules.alias", "modules.softdep", "modules.builtin");

    private ModuleTree() {}

    /**
     * Writes the modules {@code carry} and {@code load} need (with their dependencies) from the
     * module directory {@code source}, and in {@code loadList} (a path in the root) the paths of
     * those to load, in order, a line each, relative to the module directory.
     */
    static void write(Path source, List<String> carry, List<String> load, Path root, String loadList)
            throws IOException {
        var target = root.resolve("lib/modules").resolve(source.getFileName().toString());
        var resolver = KernelModules.read(
                ModuleFiles.directory(source, source.getFileName().toString()));
        var wanted = new ArrayList<>(carry);
        wanted.addAll(load);
        var carried = resolver.contents(resolver.resolve(wanted));
        for (var module : carried.entrySet()) {
            var file = target.resolve(uncompressed(module.getKey().path()));
            Files.createDirectories(file.getParent());
            Files.write(file, module.getValue());
        }
        var names = carried.keySet().stream().map(KernelModules.Module::name).collect(Collectors.toSet());
        for (var index : INDEX) {
            var lines = Files.readAllLines(source.resolve(index)).stream()
                    .filter(line -> keeps(index, line, names))
                    .map(ModuleTree::uncompressed)
                    .toList();
            Files.write(target.resolve(index), lines);
        }
        var order = resolver.resolve(load).stream().filter(m -> !m.builtin()).map(m -> uncompressed(m.path()) + "\n");
        var list = root.resolve(loadList);
        Files.createDirectories(list.getParent());
        Files.writeString(list, order.collect(Collectors.joining()));
    }

    /** Whether an index line concerns a carried module (built-ins all stay: they answer lookups). */
    private static boolean keeps(String index, String line, Set<String> names) {
        var words = line.split("\\s+");
        return switch (index) {
            case "modules.dep" -> names.contains(KernelModules.name(words[0].replace(":", "")));
            case "modules.alias" -> words.length > 2 && names.contains(words[2].replace('-', '_'));
            case "modules.softdep" -> words.length > 1 && names.contains(words[1].replace('-', '_'));
            default -> true;
        };
    }

    private static String uncompressed(String path) {
        return path.replaceAll("\\.ko\\.(xz|zst|gz)\\b", ".ko");
    }
}
