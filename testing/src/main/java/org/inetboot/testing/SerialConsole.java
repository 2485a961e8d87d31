package org.inetboot.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A VM (as {@link Qemu#command}) whose serial console a test talks to: it waits for lines, runs
 * commands in a shell there and reads their output and exit status, and sees the VM end. Every
 * line also goes to standard output, prefixed, for the test's report.
 */
public final class SerialConsole implements AutoCloseable {

    private final Process process;
    private final OutputStream keyboard;
    private final String prefix;
    private final List<String> lines = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder(); // the line being printed: a prompt has no newline
    private int next;
    private int commands;
    private int burst = Integer.MAX_VALUE;
    private Duration pause = Duration.ZERO;

    private SerialConsole(Process process, String prefix) {
        this.process = process;
        this.keyboard = process.getOutputStream();
        this.prefix = prefix;
        Thread.ofVirtual().start(this::read);
    }

    /** Starts a VM with {@code qemuArgs}; {@code prefix} marks its lines on standard output. */
    public static SerialConsole start(List<String> qemuArgs, String prefix) throws IOException {
        return new SerialConsole(
                new ProcessBuilder(Qemu.command(qemuArgs))
                        .redirectErrorStream(true)
                        .start(),
                prefix);
    }

    private void read() {
        try (InputStream in = process.getInputStream()) {
            for (int c = in.read(); c >= 0; c = in.read()) {
                synchronized (lines) {
                    if (c == '\n') {
                        add(partial.toString().replace("\r", ""));
                        partial.setLength(0);
                    } else {
                        partial.append((char) c);
                        lines.notifyAll();
                    }
                }
            }
            synchronized (lines) {
                add(partial.toString());
            }
        } catch (IOException ended) {
            // the VM is gone
        }
        synchronized (lines) {
            lines.notifyAll();
        }
    }

    private void add(String line) {
        System.out.println(prefix + " " + line);
        lines.add(line);
        lines.notifyAll();
    }

    /** Waits for a line from now on matching {@code pattern}; an AssertionError with the console's end if none comes. */
    public Matcher await(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (true) {
                for (; next < lines.size(); next++) {
                    var matcher = pattern.matcher(lines.get(next));
                    if (matcher.find()) {
                        next++;
                        return matcher;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive() && next == lines.size()) {
                    throw new AssertionError("no line matching " + pattern + " on the console in " + timeout
                            + (process.isAlive() ? "" : " (the VM ended)") + "; it ends with:\n" + tail());
                }
                lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /**
     * From now on, types {@code bytes} at a time with a pause after each: for a console whose
     * reader is slow to empty the UART's 16-byte FIFO (Xen owns COM1 and relays it to dom0; under
     * TCG, while dom0 is busy, a longer burst loses characters).
     */
    public void typeInBursts(int bytes, Duration pause) {
        this.burst = bytes;
        this.pause = pause;
    }

    /** Types {@code text} and a newline. */
    public void type(String text) {
        var bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            for (int at = 0; at < bytes.length; at += burst) {
                keyboard.write(bytes, at, Math.min(burst, bytes.length - at));
                keyboard.flush();
                if (at + burst < bytes.length) {
                    Thread.sleep(pause);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the VM's console is closed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while typing", e);
        }
    }

    /** What a command printed (standard output and error, and any kernel lines in between) and its exit status. */
    public record Output(int status, List<String> lines) {

        public String text() {
            return String.join("\n", lines);
        }
    }

    /**
     * Runs {@code command} in the console's shell, which must not echo (see {@link #quietShell}),
     * and waits for its end.
     */
    public Output run(String command, Duration timeout) throws InterruptedException {
        int id = ++commands;
        type("printf '@@begin-%d\\n' " + id + "; { " + command + "\n} 2>&1; printf '@@end-%d-%d\\n' " + id + " $?");
        // not anchored at the start: a prompt may precede; the typed line itself never holds the markers
        await(Pattern.compile("@@begin-" + id + "$"), timeout);
        int from;
        synchronized (lines) {
            from = next;
        }
        var end = await(Pattern.compile("@@end-" + id + "-(\\d+)$"), timeout);
        synchronized (lines) {
            return new Output(Integer.parseInt(end.group(1)), List.copyOf(lines.subList(from, next - 1)));
        }
    }

    /** Runs {@code command}; its output, or an AssertionError with it if its status is not 0. */
    public String check(String command, Duration timeout) throws InterruptedException {
        var output = run(command, timeout);
        if (output.status() != 0) {
            throw new AssertionError(command + ": exit status " + output.status() + "\n" + output.text());
        }
        return output.text();
    }

    /** Waits until a shell prompts for a command (a line ending in {@code "# "}, root's prompt, has no newline). */
    public void awaitPrompt(Duration timeout) throws InterruptedException {
        awaitPrompt("# ", timeout);
    }

    /** Waits until the line being printed ends with {@code prompt}. */
    public void awaitPrompt(String prompt, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (!partial.toString().endsWith(prompt)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive()) {
                    throw new AssertionError("no shell prompt on the console in " + timeout + "; it ends with:\n"
                            + tail() + "\n" + partial);
                }
                lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /**
     * Once the logged-in shell prompts (typing before is lost to getty's flush), replaces it by a
     * plain {@code /bin/sh} without prompts, echo, colours or pagers, so that a command's output is
     * just its output.
     */
    public void quietShell(Duration timeout) throws InterruptedException {
        awaitPrompt(timeout);
        type("exec /bin/sh");
        type("stty -echo; PS1=''; PS2=''; export TERM=dumb NO_COLOR=1 PAGER=cat SYSTEMD_PAGER=cat");
        check("true", Duration.ofSeconds(60));
    }

    /** Waits for the VM to end; false if it still runs after {@code timeout}. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Every line so far. */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    private String tail() {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
