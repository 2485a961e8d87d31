package org.inetboot.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.inetboot.agent.TargetBoot;
import org.inetboot.boot.EntryChoice;
import org.inetboot.boot.Stage2;
import org.inetboot.linux.Kexec;
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

    @Option(names = "--stage2", paramLabel = "FILE",
            description = "Stage 2's payload (the medium's /opt/inetboot/stage2.cpio.zst): the target then reads its medium over HTTP.")
    Path payload;

    @Option(names = "--stage2-module", paramLabel = "NAME|MODALIAS",
            description = "With --stage2: another module of the target's kernel to load (nbd always is), e.g. the NIC's. Repeatable.")
    List<String> modules = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (dryRun == (output == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--dry-run and -o DIR go together");
        }
        boolean uefi = Files.isDirectory(Path.of("/sys/firmware/efi"));
        var stage2 = Optional.ofNullable(payload).map(file -> new Stage2(file, Stream.concat(Stream.of("nbd"), modules.stream()).toList(),
                List.of()));
        var initrd = dryRun ? Files.createDirectories(output).resolve("initrd") : Files.createTempFile("inetboot-", ".initrd");
        try (var opened = OpenedIso.open(main(), image)) {
            var files = TargetBoot.prepare(opened.iso(), image, menus -> EntryChoice.choose(menus.entries(), entry, uefi), append,
                    stage2, initrd, out());
            if (dryRun) {
                Files.write(output.resolve("kernel"), files.kernel());
                Files.writeString(output.resolve("cmdline"), files.cmdline() + "\n", StandardCharsets.UTF_8);
                out().println("wrote kernel, initrd and cmdline to " + output);
                return 0;
            }
            Kexec.load(files.kernel(), files.initrd(), files.cmdline());
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
