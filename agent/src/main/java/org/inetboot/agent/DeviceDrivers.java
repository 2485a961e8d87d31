package org.inetboot.agent;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.inetboot.linux.ModuleLoader;
import org.inetboot.modules.KernelModules;
import org.inetboot.modules.ModuleFiles;

/**
 * Loads the drivers of the devices present, as udev's coldplug does: every device's modalias in
 * sysfs resolved with InetBoot's module resolver against this kernel's module directory, in rounds
 * until no new device appears (a bus driver such as virtio_pci brings up the devices behind it).
 * Modules the medium does not carry are skipped.
 */
public final class DeviceDrivers {

    private static final int MAX_ROUNDS = 8;

    private DeviceDrivers() {}

    /** The running kernel's module directory. */
    public static Path moduleDirectory() throws IOException {
        return Path.of(
                "/lib/modules",
                Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip());
    }

    /** Loads what the present devices need; returns the modules loaded, in order. */
    public static List<String> load(Path moduleDir, PrintWriter log) throws IOException {
        var release = moduleDir.getFileName().toString();
        var modules = KernelModules.read(ModuleFiles.directory(moduleDir, release));
        var seen = new HashSet<String>();
        var loaded = new ArrayList<String>();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            var fresh = modaliases().filter(seen::add).toList();
            int before = loaded.size();
            for (var alias : fresh) {
                loadFor(alias, modules, moduleDir, loaded, log);
            }
            if (loaded.size() == before) {
                break;
            }
        }
        return loaded;
    }

    private static void loadFor(
            String alias, KernelModules modules, Path moduleDir, List<String> loaded, PrintWriter log) {
        List<KernelModules.Module> needed;
        try {
            needed = modules.resolve(List.of(alias));
        } catch (IOException noDriver) {
            return;
        }
        for (var module : needed) {
            var file = moduleDir.resolve(module.path());
            if (module.builtin() || ModuleLoader.present(module.name()) || !Files.isRegularFile(file)) {
                continue;
            }
            try {
                ModuleLoader.load(file);
                loaded.add(module.name());
            } catch (IOException e) {
                log.println("warning: " + e.getMessage());
            }
        }
    }

    /** The modaliases of every device on every bus. */
    static Stream<String> modaliases() throws IOException {
        var found = new ArrayList<String>();
        try (var buses = Files.list(Path.of("/sys/bus"))) {
            for (var bus : buses.toList()) {
                found.addAll(read(bus.resolve("devices")));
            }
        }
        return found.stream();
    }

    private static Set<String> read(Path devices) throws IOException {
        var aliases = new LinkedHashSet<String>();
        if (!Files.isDirectory(devices)) {
            return aliases;
        }
        try (var list = Files.list(devices)) {
            for (var device : list.sorted().toList()) {
                var alias = device.resolve("modalias");
                if (Files.isReadable(alias)) {
                    aliases.add(Files.readString(alias).strip());
                }
            }
        }
        aliases.remove("");
        return aliases;
    }
}
