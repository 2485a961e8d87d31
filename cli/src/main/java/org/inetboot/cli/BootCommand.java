package org.inetboot.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.inetboot.boot.BootFiles;
import org.inetboot.boot.BootPlan;
import org.inetboot.boot.EntryChoice;
import org.inetboot.linux.Kexec;
import org.inetboot.menu.BootMenus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "boot", description = "Boot an ISO's entry by kexec: its kernel and initrds fetched lazily, InetBoot's archive appended.")
final class BootCommand extends ImageCommand {

    @Option(names = "--entry", paramLabel = "LABEL|N", description = "The entry to boot: its label or its number in `inetboot entries` (default: the menu's default).")
    String entry;

    @Option(names = "--append", paramLabel = "ARGS", defaultValue = "", description = "More kernel arguments.")
    String append;

    @Option(names = "--dry-run", description = "Write kernel, initrd and cmdline to -o DIR instead of booting.")
    boolean dryRun;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "With --dry-run: where to write them.")
    Path output;

    @Override
    public Integer call() throws Exception {
        if (dryRun == (output == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--dry-run and -o DIR go together");
        }
        try (var opened = OpenedIso.open(main(), image)) {
            var menus = BootMenus.read(opened.iso());
            var chosen = EntryChoice.choose(menus.entries(), entry, Files.isDirectory(Path.of("/sys/firmware/efi")));
            var plan = BootPlan.of(image, menus.distro(), chosen, append);
            out().printf("booting '%s' (%s): %s %s%n", chosen.label(), menus.distro().id(), chosen.kernel(), plan.cmdline());
            out().flush();
            var files = BootFiles.assemble(opened.iso(), plan, out());
            if (dryRun) {
                Files.createDirectories(output);
                Files.write(output.resolve("kernel"), files.kernel());
                Files.write(output.resolve("initrd"), files.initrd());
                Files.writeString(output.resolve("cmdline"), files.cmdline() + "\n", StandardCharsets.UTF_8);
                out().println("wrote kernel, initrd and cmdline to " + output);
                return 0;
            }
            Kexec.load(files.kernel(), files.initrd(), files.cmdline());
            out().println("kexec: starting the target kernel");
            out().flush();
            Kexec.reboot();
        }
        return 0;
    }
}
