package org.inetboot.initramfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.inetboot.source.Source;

/**
 * A stream over a source from an offset, up to a limit, that knows exactly how far its reader has
 * read, and lets a decompressor give back what it read past the end of its member.
 */
final class SourceInput extends BulkInputStream {

    private static final int BUFFER = 64 * 1024;

    private final Source source;
    private final long limit;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER).limit(0);
    private long bufferStart;
    private long position;

    SourceInput(Source source, long offset, long limit) {
        this.source = source;
        this.limit = Math.min(limit, source.size());
        this.position = offset;
        this.bufferStart = offset;
    }

    long position() {
        return position;
    }

    /** Moves back over {@code count} bytes the reader took but did not use. */
    void unread(int count) {
        position -= count;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (position >= limit) {
            return -1;
        }
        if (position < bufferStart || position >= bufferStart + buffer.limit()) {
            fill();
        }
        int at = (int) (position - bufferStart);
        int n = Math.min(len, buffer.limit() - at);
        buffer.get(at, b, off, n);
        position += n;
        return n;
    }

    private void fill() throws IOException {
        int n = (int) Math.min(BUFFER, limit - position);
        buffer.clear().limit(n);
        source.read(buffer, position);
        buffer.flip();
        bufferStart = position;
    }

    @Override
    public long skip(long n) {
        long skipped = Math.max(0, Math.min(n, limit - position));
        position += skipped;
        return skipped;
    }
}
