package org.inetboot.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.inetboot.source.Source;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "read", description = "Write a byte range of an image to stdout or a file.")
final class ReadCommand implements Callable<Integer> {

    private static final int PIECE = 1 << 20;

    @ParentCommand
    Main main;

    @Parameters(paramLabel = "IMAGE", description = "An http(s):// or file:// URL, or a local path.")
    String image;

    @Option(names = "--offset", required = true, paramLabel = "N", converter = ByteSize.class,
            description = "First byte to read.")
    long offset;

    @Option(names = "--length", required = true, paramLabel = "N", converter = ByteSize.class,
            description = "Number of bytes to read.")
    long length;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here instead of stdout.")
    Path output;

    @Override
    public Integer call() throws Exception {
        try (var opened = main.open(image); var out = open()) {
            var source = opened.source();
            Source.checkRange(source, offset, length);
            copy(source, out);
        }
        return 0;
    }

    private OutputStream open() throws IOException {
        if (output == null) {
            return new FileOutputStream(java.io.FileDescriptor.out) {
                @Override
                public void close() throws IOException {
                    flush(); // stdout stays open for whoever prints after us
                }
            };
        }
        return Files.newOutputStream(output);
    }

    /** Reads in pieces, so read-ahead sees a sequential stream and memory stays small. */
    private void copy(Source source, OutputStream out) throws IOException {
        var buffer = ByteBuffer.allocate((int) Math.min(PIECE, Math.max(1, length)));
        for (long done = 0; done < length; ) {
            int n = (int) Math.min(buffer.capacity(), length - done);
            source.read(buffer.clear().limit(n), offset + done);
            out.write(buffer.array(), 0, n);
            done += n;
        }
    }
}
