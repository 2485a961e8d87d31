package org.inetboot.cli;

import java.util.concurrent.Callable;
import org.inetboot.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "info", description = "Show an image's size, validators and how its server serves it.")
final class InfoCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    ImageParameter image;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (var opened = main.open(image.location)) {
            var fields = ImageDescription.of(image.location, opened);
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
