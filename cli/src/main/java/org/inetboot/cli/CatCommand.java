package org.inetboot.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "cat", description = "Write a file of an ISO image to stdout, reading only its extents.")
final class CatCommand extends ImageCommand {

    @Parameters(index = "1", paramLabel = "PATH", description = "A file inside the image.")
    String path;

    @Override
    public Integer call() throws Exception {
        try (var opened = OpenedIso.open(main(), image);
                var out = Transfers.stdout()) {
            var iso = opened.iso();
            var content = iso.open(iso.lookup(path, true));
            Transfers.copy(content, 0, content.size(), out, null, path);
        }
        return 0;
    }
}
