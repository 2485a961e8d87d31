package org.inetboot.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A qemu VM under TCG (KVM hangs on these machines) with its serial console on stdout. */
public final class Qemu {

    private Qemu() {}

    /**
     * Boots {@code kernel} with {@code initrd}, reads the console until a line matches {@code until}
     * (then stops the VM) or the VM ends or the time is up; returns the console lines.
     */
    public static List<String> boot(Path kernel, Path initrd, String cmdline, Predicate<String> until, Duration timeout)
            throws IOException, InterruptedException {
        return boot(kernel, initrd, cmdline, List.of(), until, timeout);
    }

    /** As above, with more qemu arguments, e.g. a network card: {@code -nic user,model=virtio-net-pci}. */
    public static List<String> boot(
            Path kernel, Path initrd, String cmdline, List<String> qemuArgs, Predicate<String> until, Duration timeout)
            throws IOException, InterruptedException {
        var arguments = new ArrayList<>(List.of(
                "-kernel",
                kernel.toString(),
                "-initrd",
                initrd.toString(),
                "-append",
                "console=ttyS0 panic=1 " + cmdline));
        arguments.addAll(qemuArgs);
        return run(arguments, until, timeout);
    }

    /** The command line of a machine of these tests: TCG, 1 GiB, the serial console on stdio, no reboot; then {@code qemuArgs}. */
    public static List<String> command(List<String> qemuArgs) {
        var command = new ArrayList<>(
                List.of("qemu-system-x86_64", "-accel", "tcg", "-m", "1024", "-nographic", "-no-reboot"));
        command.addAll(qemuArgs);
        return command;
    }

    /** A line to type on the serial console when a line containing {@code prompt} appears. */
    public record Answer(String prompt, String reply) {}

    /** Runs a machine from its firmware with these arguments (e.g. {@code -cdrom x.iso}), reading its serial console. */
    public static List<String> run(List<String> qemuArgs, Predicate<String> until, Duration timeout)
            throws IOException, InterruptedException {
        return run(qemuArgs, List.of(), until, timeout);
    }

    /** As above, answering prompts on the serial console, in order. */
    public static List<String> run(
            List<String> qemuArgs, List<Answer> answers, Predicate<String> until, Duration timeout)
            throws IOException, InterruptedException {
        var process =
                new ProcessBuilder(command(qemuArgs)).redirectErrorStream(true).start();
        var lines = new ArrayList<String>();
        var pending = new java.util.ArrayDeque<>(answers);
        var console = process.getOutputStream();
        var reader = Thread.ofVirtual().start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (var line = in.readLine(); line != null; line = in.readLine()) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    if (!pending.isEmpty() && line.contains(pending.peek().prompt())) {
                        console.write((pending.poll().reply() + "\n").getBytes(StandardCharsets.UTF_8));
                        console.flush();
                    }
                    if (until.test(line)) {
                        process.destroy();
                    }
                }
            } catch (IOException ended) {
                // the VM is gone
            }
        });
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        reader.join(Duration.ofSeconds(5));
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }
}
