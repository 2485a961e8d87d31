package org.inetboot.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import org.inetboot.source.Source;

/** Copying bytes out of a source: in pieces, so read-ahead sees a stream and memory stays small. */
final class Transfers {

    private static final int PIECE = 1 << 20;
    private static final long PROGRESS_FROM = 16L << 20;

    private Transfers() {}

    /** Standard output as a stream that flushes on close but stays open. */
    static OutputStream stdout() {
        return new FileOutputStream(FileDescriptor.out) {
            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    /**
     * Copies {@code [offset, offset + length)} of {@code source} to {@code out}; with a
     * {@code progress} writer (a terminal), large copies show a progress line labelled {@code label}.
     */
    static void copy(Source source, long offset, long length, OutputStream out, PrintWriter progress, String label)
            throws IOException {
        var buffer = ByteBuffer.allocate((int) Math.min(PIECE, Math.max(1, length)));
        boolean show = progress != null && length >= PROGRESS_FROM;
        for (long done = 0; done < length; ) {
            int n = (int) Math.min(buffer.capacity(), length - done);
            source.read(buffer.clear().limit(n), offset + done);
            out.write(buffer.array(), 0, n);
            done += n;
            if (show) {
                progress.printf("\r%s %3d%% %,d of %,d MiB", label, done * 100 / length, done >> 20, length >> 20);
                progress.flush();
            }
        }
        if (show) {
            progress.println();
        }
    }

    /** Where progress goes: the error stream when it is a terminal, else nowhere. */
    static PrintWriter progressWriter(PrintWriter err) {
        var console = System.console();
        return console != null && console.isTerminal() ? err : null;
    }
}
