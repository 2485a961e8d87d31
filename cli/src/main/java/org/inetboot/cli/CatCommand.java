package org.inetboot.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "cat", description = "Write a file of an ISO image to stdout, reading only its extents.")
final class CatCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Mixin
    ImageParameter image;

    @Parameters(index = "1", paramLabel = "PATH", description = "A file inside the image.")
    String path;

    @Override
    public Integer call() throws Exception {
        try (var opened = OpenedIso.open(main, image.location); var out = Transfers.stdout()) {
            var iso = opened.iso();
            var content = iso.open(iso.lookup(path, true));
            Transfers.copy(content, 0, content.size(), out, null, path);
        }
        return 0;
    }
}
