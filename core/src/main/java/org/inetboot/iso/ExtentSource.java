package org.inetboot.iso;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.inetboot.source.Source;

/** A file's content: its extents of the image, one after another. Reads only the extents they touch. */
final class ExtentSource implements Source {

    private final Source image;
    private final String name;
    private final List<IsoEntry.Extent> extents;
    private final long size;

    ExtentSource(Source image, String name, List<IsoEntry.Extent> extents) {
        this.image = image;
        this.name = name;
        this.extents = extents;
        this.size = extents.stream().mapToLong(IsoEntry.Extent::length).sum();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<String> version() {
        return image.version();
    }

    @Override
    public void read(ByteBuffer dst, long offset) throws IOException {
        Source.checkRange(this, offset, dst.remaining());
        long start = 0;
        for (var extent : extents) {
            if (!dst.hasRemaining()) {
                return;
            }
            long end = start + extent.length();
            if (offset < end) {
                int n = (int) Math.min(dst.remaining(), end - offset);
                image.read(dst.slice(dst.position(), n), extent.offset() + (offset - start));
                dst.position(dst.position() + n);
                offset += n;
            }
            start = end;
        }
    }

    @Override
    public void prefetch(long offset, long length) {
        long start = 0;
        for (var extent : extents) {
            long from = Math.max(offset, start);
            long to = Math.min(offset + length, start + extent.length());
            if (from < to) {
                image.prefetch(extent.offset() + (from - start), to - from);
            }
            start += extent.length();
        }
    }
}
