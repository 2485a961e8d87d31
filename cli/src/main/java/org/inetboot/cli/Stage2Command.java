package org.inetboot.cli;

import java.util.concurrent.Callable;
import org.inetboot.agent.KernelCommandLine;
import org.inetboot.agent.Stage2Agent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "stage2",
        hidden = true,
        description =
                "Stage 2's daemon: attach the image of inetboot.url= to /dev/nbd0 and serve it. Run by stage 2's init.")
final class Stage2Command implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Stage2Agent.run(
                KernelCommandLine.read(), main.options(), spec.commandLine().getOut());
        return 0;
    }
}
