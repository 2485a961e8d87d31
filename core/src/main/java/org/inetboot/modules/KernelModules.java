package org.inetboot.modules;

import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * A kernel's modules as depmod describes them (modules.dep, modules.alias, modules.builtin,
 * modules.softdep), and what modprobe would load for a name or a modalias, in kmod's order: the
 * dependencies in the reverse of their modules.dep order, then the module, each of them preceded
 * by its pre-soft-dependencies (with theirs) and followed by its post-soft-dependencies; every
 * module once, where it first appears. Built-in modules need no loading.
 */
public final class KernelModules {

    /** One step of loading: a module file to insert, or a module already built into the kernel. */
    public record Module(String name, String path, boolean builtin) {}

    private final ModuleFiles files;
    private final Map<String, String> paths = new HashMap<>();
    private final Map<String, List<String>> dependencies = new HashMap<>();
    private final List<String[]> aliases = new ArrayList<>();
    private final Set<String> builtin = new HashSet<>();
    private final Map<String, List<String>> preSoftdeps = new HashMap<>();
    private final Map<String, List<String>> postSoftdeps = new HashMap<>();
    private final Map<String, Pattern> patterns = new HashMap<>();

    private KernelModules(ModuleFiles files) {
        this.files = files;
    }

    public static KernelModules read(ModuleFiles files) throws IOException {
        var modules = new KernelModules(files);
        var text = files.read(List.of("modules.dep", "modules.alias", "modules.builtin", "modules.softdep"));
        if (!text.containsKey("modules.dep")) {
            throw new IOException("no modules.dep in the module directory (run depmod)");
        }
        modules.parseDependencies(lines(text.get("modules.dep")));
        modules.parseAliases(lines(text.getOrDefault("modules.alias", new byte[0])));
        lines(text.getOrDefault("modules.builtin", new byte[0])).forEach(path -> modules.builtin.add(name(path)));
        modules.parseSoftdeps(lines(text.getOrDefault("modules.softdep", new byte[0])));
        return modules;
    }

    private static List<String> lines(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8)
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
    }

    private void parseDependencies(List<String> lines) {
        for (var line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                var path = line.substring(0, colon);
                var deps = line.substring(colon + 1).strip();
                paths.put(name(path), path);
                dependencies.put(
                        name(path),
                        deps.isEmpty()
                                ? List.of()
                                : List.of(deps.split("\\s+")).stream()
                                        .map(KernelModules::name)
                                        .toList());
            }
        }
    }

    private void parseAliases(List<String> lines) {
        for (var line : lines) {
            var words = line.split("\\s+");
            if (words.length == 3 && words[0].equals("alias")) {
                aliases.add(new String[] {words[1], normalise(words[2])});
            }
        }
    }

    private void parseSoftdeps(List<String> lines) {
        for (var line : lines) {
            var words = line.split("\\s+");
            if (words.length < 2 || !words[0].equals("softdep")) {
                continue;
            }
            List<String> into = null;
            for (int i = 2; i < words.length; i++) {
                switch (words[i]) {
                    case "pre:" -> into = preSoftdeps.computeIfAbsent(normalise(words[1]), k -> new ArrayList<>());
                    case "post:" -> into = postSoftdeps.computeIfAbsent(normalise(words[1]), k -> new ArrayList<>());
                    default -> {
                        if (into != null) {
                            into.add(words[i]);
                        }
                    }
                }
            }
        }
    }

    /** What to load for module names and modaliases, in order, each module once. */
    public List<Module> resolve(List<String> namesOrAliases) throws IOException {
        var order = new LinkedHashSet<String>();
        for (var wanted : namesOrAliases) {
            var found = lookup(wanted);
            if (found.isEmpty()) {
                throw new IOException("no module, built-in module or alias matches '" + wanted + "'");
            }
            var roots = new HashSet<String>();
            for (var name : found) {
                probe(name, order, roots);
            }
        }
        return order.stream()
                .map(name -> new Module(name, paths.get(name), !paths.containsKey(name)))
                .toList();
    }

    /** kmod's lookup order: a module's name, a built-in module, then aliases in modules.alias order. */
    private List<String> lookup(String wanted) {
        var name = normalise(wanted);
        if (paths.containsKey(name) || builtin.contains(name)) {
            return List.of(name);
        }
        var matches = new ArrayList<String>();
        for (var alias : aliases) {
            if (!matches.contains(alias[1]) && pattern(alias[0]).matcher(wanted).matches()) {
                matches.add(alias[1]);
            }
        }
        return matches;
    }

    /** kmod's probe list of {@code name}, once per root (soft dependencies can loop). */
    private void probe(String name, Set<String> order, Set<String> roots) {
        if (!roots.add(name)) {
            return;
        }
        var deps = dependencies.getOrDefault(name, List.of());
        for (int i = deps.size() - 1; i >= 0; i--) {
            withSoftdeps(deps.get(i), order, roots);
        }
        withSoftdeps(name, order, roots);
    }

    private void withSoftdeps(String name, Set<String> order, Set<String> roots) {
        for (var pre : preSoftdeps.getOrDefault(name, List.of())) {
            lookup(pre).forEach(match -> probe(match, order, roots));
        }
        order.add(name);
        for (var post : postSoftdeps.getOrDefault(name, List.of())) {
            lookup(post).forEach(match -> probe(match, order, roots));
        }
    }

    /** The modules' ELF images, decompressed from .ko.xz, .ko.zst or .ko.gz as loaders without decompression need. */
    public Map<Module, byte[]> contents(List<Module> modules) throws IOException {
        var wanted =
                modules.stream().filter(m -> !m.builtin()).map(Module::path).toList();
        var found = files.read(wanted);
        var contents = new java.util.LinkedHashMap<Module, byte[]>();
        for (var module : modules) {
            if (!module.builtin()) {
                var bytes = found.get(module.path());
                if (bytes == null) {
                    throw new IOException(module.path() + ": listed in modules.dep but not in the module directory");
                }
                contents.put(module, decompress(module.path(), bytes));
            }
        }
        return contents;
    }

    private static byte[] decompress(String path, byte[] bytes) throws IOException {
        try (var in = decompressor(path, new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
    }

    private static InputStream decompressor(String path, InputStream in) throws IOException {
        if (path.endsWith(".xz")) {
            return new XZInputStream(in);
        }
        if (path.endsWith(".zst")) {
            return new ZstdInputStream(in);
        }
        return path.endsWith(".gz") ? new GZIPInputStream(in) : in;
    }

    /** A module's name from its path: the file name without ".ko[.xz|.zst|.gz]", dashes as underscores. */
    public static String name(String path) {
        var file = path.substring(path.lastIndexOf('/') + 1);
        return normalise(file.replaceFirst("\\.ko(\\.(xz|zst|gz))?$", ""));
    }

    private static String normalise(String name) {
        return name.replace('-', '_');
    }

    /** An fnmatch pattern of modules.alias (*, ?, [...]) as a regular expression, compiled once. */
    private Pattern pattern(String glob) {
        return patterns.computeIfAbsent(glob, g -> {
            var regex = new StringBuilder();
            for (int i = 0; i < g.length(); i++) {
                char c = g.charAt(i);
                switch (c) {
                    case '*' -> regex.append(".*");
                    case '?' -> regex.append('.');
                    case '[' -> {
                        int end = g.indexOf(']', i + 1);
                        if (end < 0) {
                            regex.append("\\[");
                        } else {
                            regex.append('[')
                                    .append(g.substring(i + 1, end)
                                            .replace("\\", "\\\\")
                                            .replaceFirst("^!", "^"))
                                    .append(']');
                            i = end;
                        }
                    }
                    default -> regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return Pattern.compile(regex.toString());
        });
    }
}
