package org.inetboot.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What /proc says of a process ({@code self} or a number): a memory figure of its status, its CPU time. */
public final class ProcessStats {

    private ProcessStats() {}

    /** The field {@code name} of /proc/PID/status (VmRSS, RssAnon, ...) in bytes, or -1 where /proc does not say. */
    public static long statusBytes(String pid, String name) {
        try {
            return Files.readAllLines(Path.of("/proc", pid, "status")).stream()
                    .filter(line -> line.startsWith(name + ":"))
                    .map(line -> Long.parseLong(line.replaceAll("\\D", "")) * 1024)
                    .findFirst()
                    .orElse(-1L);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** Its user and system CPU time (utime + stime, in USER_HZ ticks of 1/100 s), in seconds, or -1. */
    public static double cpuSeconds(String pid) {
        try {
            var stat = Files.readString(Path.of("/proc", pid, "stat"));
            var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // after the command's name, from field 3
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
