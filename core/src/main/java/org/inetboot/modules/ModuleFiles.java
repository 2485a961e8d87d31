package org.inetboot.modules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import org.inetboot.initramfs.Initrd;
import org.inetboot.source.Source;

/** The files of one kernel's module directory ({@code lib/modules/VERSION}), by path relative to it. */
@FunctionalInterface
public interface ModuleFiles {

    /** The files among {@code paths} that exist, read whole; a batch, since reading may mean walking an initrd. */
    Map<String, byte[]> read(Collection<String> paths) throws IOException;

    /** A directory: the module directory itself, or a root holding {@code [usr/]lib/modules/VERSION}. */
    static ModuleFiles directory(Path tree, String version) throws IOException {
        var dir = Files.exists(tree.resolve("modules.dep"))
                ? tree
                : Files.isDirectory(tree.resolve("lib/modules/" + version))
                        ? tree.resolve("lib/modules/" + version)
                        : tree.resolve("usr/lib/modules/" + version);
        if (!Files.isDirectory(dir)) {
            throw new IOException(tree + ": no module directory for kernel " + version + " in it");
        }
        return paths -> {
            var found = new HashMap<String, byte[]>();
            for (var path : paths) {
                var file = dir.resolve(path).normalize();
                if (file.startsWith(dir) && Files.isRegularFile(file)) {
                    found.put(path, Files.readAllBytes(file));
                }
            }
            return found;
        };
    }

    /** The module directory inside an initrd ({@code lib/modules/VERSION} or {@code usr/lib/modules/VERSION}). */
    static ModuleFiles initrd(Source initrd, String version) {
        return paths -> {
            var wanted = new HashSet<>(paths);
            var found = new HashMap<String, byte[]>();
            Initrd.walk(initrd, (segment, entry, data) -> {
                var path = entry.path();
                for (var prefix : new String[] {"lib/modules/" + version + "/", "usr/lib/modules/" + version + "/"}) {
                    if (entry.isFile() && path.startsWith(prefix) && wanted.contains(path.substring(prefix.length()))) {
                        found.put(path.substring(prefix.length()), data.readAllBytes()); // a later archive's copy wins
                    }
                }
            });
            return found;
        };
    }
}
