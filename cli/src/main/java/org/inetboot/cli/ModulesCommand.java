package org.inetboot.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.inetboot.modules.KernelModules;
import org.inetboot.modules.ModuleFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "modules",
        description = "Show the kernel modules to load for names or modaliases, in order, as modprobe would.")
final class ModulesCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "TREE",
            description =
                    "A directory (a root with lib/modules/VERSION, or that directory) or an initrd (path or URL).")
    String tree;

    @Parameters(index = "1..*", paramLabel = "NAME", description = "Module names.")
    List<String> names = new ArrayList<>();

    @Option(
            names = "--alias",
            paramLabel = "MODALIAS",
            description = "A device's modalias, e.g. from /sys/bus/pci/devices/*/modalias. Repeatable.")
    List<String> aliases = new ArrayList<>();

    @Option(
            names = "--kernel",
            paramLabel = "VERSION",
            required = true,
            description = "The kernel version, e.g. 6.1.0-28-amd64.")
    String version;

    @Override
    public Integer call() throws Exception {
        var wanted = new ArrayList<>(names);
        wanted.addAll(aliases);
        if (wanted.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a module or give --alias");
        }
        var out = spec.commandLine().getOut();
        if (Files.isDirectory(Path.of(tree))) {
            print(KernelModules.read(ModuleFiles.directory(Path.of(tree), version)), wanted, out);
        } else {
            try (var initrd = main.open(tree)) {
                print(KernelModules.read(ModuleFiles.initrd(initrd.source(), version)), wanted, out);
            }
        }
        return 0;
    }

    /** One line a module, like modprobe --show-depends: "insmod PATH" or "builtin NAME". */
    private static void print(KernelModules modules, List<String> wanted, java.io.PrintWriter out)
            throws java.io.IOException {
        for (var module : modules.resolve(wanted)) {
            out.println(module.builtin() ? "builtin " + module.name() : "insmod " + module.path());
        }
    }
}
