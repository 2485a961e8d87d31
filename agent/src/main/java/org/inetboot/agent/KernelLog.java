package org.inetboot.agent;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.inetboot.host.Messages;

/** Lines for the kernel's log ({@code /dev/kmsg}, read by dmesg and journald), else standard error. */
final class KernelLog {

    private final OutputStream out;

    private KernelLog(OutputStream out) {
        this.out = out;
    }

    static KernelLog open() {
        try {
            return new KernelLog(new FileOutputStream("/dev/kmsg"));
        } catch (IOException notLinux) {
            return new KernelLog(new PrintStream(System.err, true, StandardCharsets.UTF_8));
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
        try {
            out.write(
                    ("<" + level + ">inetboot: " + Messages.oneLine(message) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException ignored) {
            // nowhere else to say it
        }
    }
}
