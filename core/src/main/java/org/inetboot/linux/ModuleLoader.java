package org.inetboot.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads kernel modules from uncompressed {@code .ko} files with finit_module(2); one already loaded is fine. */
public final class ModuleLoader {

    private ModuleLoader() {}

    /** Whether the module named {@code name} (underscores) is loaded or built in. */
    public static boolean present(String name) {
        return Files.isDirectory(Path.of("/sys/module", name));
    }

    public static void load(Path file) throws IOException {
        load(file, "");
    }

    /** With the module's parameters, as insmod takes them ({@code name=value ...}). */
    public static void load(Path file, String parameters) throws IOException {
        int fd = Syscalls.open(file, Syscalls.O_RDONLY | Syscalls.O_CLOEXEC);
        try {
            Syscalls.finitModule(fd, parameters, file.toString());
        } catch (ErrnoException e) {
            if (e.errno() != ErrnoException.EEXIST) {
                throw e;
            }
        } finally {
            Syscalls.close(fd);
        }
    }
}
