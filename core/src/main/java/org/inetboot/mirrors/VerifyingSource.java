package org.inetboot.mirrors;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.inetboot.metalink.Pieces;
import org.inetboot.source.FilterSource;
import org.inetboot.source.Source;
import org.inetboot.source.SourceException;

/**
 * Checks every piece against the manifest before a byte of it goes up: a read is widened to whole
 * pieces, each hashed, and only then copied out. A mismatch is a {@link BadPieceException}, never
 * retried here: the layer above asks another mirror.
 */
public final class VerifyingSource extends FilterSource {

    private final Pieces pieces;

    public VerifyingSource(Source inner, Pieces pieces) throws SourceException {
        super(inner);
        this.pieces = pieces;
        if ((long) pieces.count() != Pieces.count(inner.size(), pieces.length())) {
            throw new SourceException(
                    inner.name(), 0, "the manifest's pieces do not cover the image's " + inner.size() + " bytes");
        }
    }

    @Override
    public void read(ByteBuffer dst, long offset) throws IOException {
        Source.checkRange(this, offset, dst.remaining());
        if (!dst.hasRemaining()) {
            return;
        }
        int first = (int) (offset / pieces.length());
        int last = (int) ((offset + dst.remaining() - 1) / pieces.length());
        long start = pieces.offset(first);
        long end = pieces.offset(last) + pieces.size(last);
        boolean aligned = start == offset && end == offset + dst.remaining();
        var whole = aligned ? dst.slice() : ByteBuffer.allocate(Math.toIntExact(end - start));
        inner.read(whole.duplicate(), start);
        for (int piece = first; piece <= last; piece++) {
            int at = (int) (pieces.offset(piece) - start);
            if (!pieces.matches(piece, whole.slice(at, pieces.size(piece)))) {
                throw new BadPieceException(name(), piece, pieces.offset(piece), pieces.size(piece));
            }
        }
        if (aligned) {
            dst.position(dst.limit());
        } else {
            dst.put(whole.slice((int) (offset - start), dst.remaining()));
        }
    }

    @Override
    public void prefetch(long offset, long length) {
        long start = offset - offset % pieces.length();
        inner.prefetch(start, Math.min(size(), offset + length) - start);
    }
}
