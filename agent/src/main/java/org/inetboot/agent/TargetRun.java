package org.inetboot.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The running system's /run, reached through {@code /proc/1/root}: the root of whatever runs as
 * PID 1, the initramfs before the hand-over and the target's system after it (the daemon's own
 * root is neither). The target's init mounts a fresh /run early, so what stage 2 leaves there
 * is written again when it changes or goes missing.
 */
final class TargetRun {

    private static final Path RUN = Path.of("/proc/1/root/run");

    private TargetRun() {}

    static Path resolve(String name) {
        return RUN.resolve(name);
    }

    /** Replaces {@code file} atomically; false if it cannot be written yet (no writable /run). */
    static boolean write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            var temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, text);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }
}
