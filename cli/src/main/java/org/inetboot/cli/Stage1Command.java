package org.inetboot.cli;

import java.util.concurrent.Callable;
import org.inetboot.agent.KernelCommandLine;
import org.inetboot.agent.Stage1;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "stage1",
        hidden = true,
        description =
                "The boot medium's agent: drivers, network, the image's URL and entry, kexec. Run by the medium's init.")
final class Stage1Command implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return new Stage1(
                        KernelCommandLine.read(), System.in, spec.commandLine().getOut(), main.options())
                .run();
    }
}
