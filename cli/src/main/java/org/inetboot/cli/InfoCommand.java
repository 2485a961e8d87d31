package org.inetboot.cli;

import java.util.concurrent.Callable;
import org.inetboot.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "info", description = "Show an image's size, validators and how its server serves it.")
final class InfoCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "IMAGE", description = "An http(s):// or file:// URL, or a local path.")
    String image;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (var opened = main.open(image)) {
            var fields = ImageDescription.of(image, opened);
            var out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(fields));
            } else {
                ImageDescription.print(fields, out);
            }
        }
        return 0;
    }
}
