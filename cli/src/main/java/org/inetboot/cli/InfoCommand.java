package org.inetboot.cli;

import org.inetboot.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "info", description = "Show an image's size, validators and how its server serves it.")
final class InfoCommand extends ImageCommand {

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (var opened = main().open(image)) {
            var fields = ImageDescription.of(image, opened);
            var out = out();
            if (json) {
                out.println(Json.write(fields));
            } else {
                ImageDescription.print(fields, out);
            }
        }
        return 0;
    }
}
