package org.inetboot.cli;

import java.nio.file.Path;
import java.util.List;
import org.inetboot.iso.IsoExtractor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "extract",
        description = "Extract files and directories of an ISO image, keeping symlinks, modes and times.")
final class ExtractCommand extends ImageCommand {

    @Parameters(
            index = "1..*",
            arity = "1..*",
            paramLabel = "PATH",
            description = "Files or directories inside the image.")
    List<String> paths;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "DIR",
            defaultValue = ".",
            description = "Where the image's paths are recreated (default: the current directory).")
    Path output;

    @Override
    public Integer call() throws Exception {
        var err = err();
        var progress = Transfers.progressWriter(err);
        try (var opened = OpenedIso.open(main(), image)) {
            IsoExtractor.extract(
                    opened.iso(),
                    paths,
                    output,
                    (content, out, path) -> Transfers.copy(content, 0, content.size(), out, progress, path),
                    path -> err.println("inetboot: skipping " + path + ": device nodes and fifos are not extracted"));
        }
        return 0;
    }
}
