package org.inetboot.cli;

import java.nio.file.Path;
import org.inetboot.source.Source;
import org.inetboot.tree.AtomicOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "read", description = "Write a byte range of an image to stdout or a file.")
final class ReadCommand extends ImageCommand {

    @Option(
            names = "--offset",
            required = true,
            paramLabel = "N",
            converter = ByteSize.class,
            description = "First byte to read.")
    long offset;

    @Option(
            names = "--length",
            required = true,
            paramLabel = "N",
            converter = ByteSize.class,
            description = "Number of bytes to read.")
    long length;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write here instead of stdout.")
    Path output;

    @Override
    public Integer call() throws Exception {
        try (var opened = main().open(image)) {
            var source = opened.source();
            Source.checkRange(source, offset, length);
            if (output == null) {
                Transfers.copy(source, offset, length, Transfers.stdout(), null, "");
                return 0;
            }
            try (var out = AtomicOutput.create(output)) {
                Transfers.copy(source, offset, length, out.stream(), null, "");
                out.commit();
            }
        }
        return 0;
    }
}
