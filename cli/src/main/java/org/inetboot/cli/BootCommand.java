package org.inetboot.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.inetboot.agent.TargetKexec;
import org.inetboot.boot.TargetBoot;
import org.inetboot.linux.Kexec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "boot",
        description =
                "Boot an ISO's entry by kexec: its kernel and initrds fetched lazily, InetBoot's archive appended.")
final class BootCommand extends ImageCommand {

    @Mixin
    TargetOptions target;

    @Option(
            names = "--dry-run",
            description = "Write kernel, initrd and cmdline (and a Xen entry's hypervisor and hypervisor.cmdline)"
                    + " to -o DIR instead of booting.")
    boolean dryRun;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "DIR",
            description = "With --dry-run: where to write them.")
    Path output;

    @Override
    public Integer call() throws Exception {
        if (dryRun == (output == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--dry-run and -o DIR go together");
        }
        boolean uefi = Files.isDirectory(Path.of("/sys/firmware/efi"));
        var initrd = dryRun
                ? Files.createDirectories(output).resolve("initrd")
                : Files.createTempFile("inetboot-", ".initrd");
        try (var opened = OpenedIso.open(main(), image)) {
            var files = TargetBoot.prepare(
                    opened.iso(), image, target.chooser(uefi), target.append, target.stage2(List.of()), initrd, out());
            if (dryRun) {
                Files.write(output.resolve("kernel"), files.kernel());
                Files.writeString(output.resolve("cmdline"), files.cmdline() + "\n", StandardCharsets.UTF_8);
                if (files.hypervisor().isPresent()) {
                    Files.write(
                            output.resolve("hypervisor"),
                            files.hypervisor().get().image());
                    Files.writeString(
                            output.resolve("hypervisor.cmdline"),
                            files.hypervisor().get().cmdline() + "\n",
                            StandardCharsets.UTF_8);
                }
                out().println("wrote kernel, initrd and cmdline"
                        + (files.hypervisor().isPresent() ? ", hypervisor and hypervisor.cmdline" : "") + " to "
                        + output);
                return 0;
            }
            TargetKexec.load(files);
        } finally {
            if (!dryRun) {
                Files.delete(initrd); // the kernel holds its own copy once loaded
            }
        }
        out().println("kexec: starting the target kernel");
        out().flush();
        Kexec.reboot();
        return 0;
    }
}
