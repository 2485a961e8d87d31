package org.inetboot.agent;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;
import org.inetboot.host.Messages;

/**
 * Lines for the kernel's log ({@code /dev/kmsg}, read by dmesg and journald), else standard error;
 * at most {@value #BURST} in a row, then one every {@value #SECONDS_PER_LINE} s, so that a failing
 * server cannot flood the log: what is left out is counted in the next line.
 */
final class KernelLog {

    static final int BURST = 10;
    static final int SECONDS_PER_LINE = 6;

    private final OutputStream out;
    private final LongSupplier clock;
    private double lines = BURST;
    private long refilled;
    private int suppressed;

    KernelLog(OutputStream out, LongSupplier nanoTime) {
        this.out = out;
        this.clock = nanoTime;
        this.refilled = nanoTime.getAsLong();
    }

    static KernelLog open() {
        try {
            return new KernelLog(new FileOutputStream("/dev/kmsg"), System::nanoTime);
        } catch (IOException notLinux) {
            return new KernelLog(new PrintStream(System.err, true, StandardCharsets.UTF_8), System::nanoTime);
        }
    }

    void info(String message) {
        write(6, message);
    }

    void warning(String message) {
        write(4, message);
    }

    /** One record a write, as /dev/kmsg wants it: {@code <level>inetboot: message}. */
    private synchronized void write(int level, String message) {
        long now = clock.getAsLong();
        lines = Math.min(BURST, lines + (now - refilled) / 1e9 / SECONDS_PER_LINE);
        refilled = now;
        if (lines < 1) {
            suppressed++;
            return;
        }
        lines--;
        var left = suppressed == 0 ? "" : " (" + suppressed + " lines left out before this one)";
        suppressed = 0;
        try {
            out.write(("<" + level + ">inetboot: " + Messages.oneLine(message) + left + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException ignored) {
            // nowhere else to say it
        }
    }
}
