package org.inetboot.initramfs;

import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.inetboot.source.Source;
import org.tukaani.xz.LZMAInputStream;
import org.tukaani.xz.SingleXZInputStream;

/**
 * Walks an initrd as the kernel's init/initramfs.c does: NUL padding is skipped, an uncompressed
 * newc archive is read to its trailer, and a compressed member is decompressed and its archives
 * read; the next member starts exactly where the decompressor stopped. Everything streams: an
 * initrd of any size needs memory for one buffer, not for its content.
 */
public final class Initrd {

    private static final int MEMORY_LIMIT_KIB = 256 * 1024;

    /** A member of the initrd: where it lies, how it is compressed, how many entries it holds (trailers not counted). */
    public record Segment(long offset, long length, Compression compression, int entries) {}

    /** Receives each entry with its data (read it, or leave it: it is skipped). */
    @FunctionalInterface
    public interface Visitor {
        void entry(int segment, CpioEntry entry, InputStream data) throws IOException;

        /** An archive ended: hard-link groups end with it, as in the kernel. */
        default void trailer(int segment) {}
    }

    private Initrd() {}

    public static List<Segment> walk(Source source, Visitor visitor) throws IOException {
        var segments = new ArrayList<Segment>();
        long position = 0;
        while ((position = skipNuls(source, position)) < source.size()) {
            var segment = member(source, position, segments.size(), visitor);
            segments.add(segment);
            position += segment.length();
        }
        return segments;
    }

    /** The segments alone. */
    public static List<Segment> segments(Source source) throws IOException {
        return walk(source, (segment, entry, data) -> {});
    }

    /**
     * The compression of the first compressed member (NONE if there is none), found without
     * decompressing anything: uncompressed archives before it are skipped by their headers.
     */
    public static Compression firstCompressed(Source source) throws IOException {
        long position = 0;
        while ((position = skipNuls(source, position)) < source.size()) {
            var compression = Compression.detect(head(source, position));
            if (compression != null) {
                return compression;
            }
            position +=
                    member(source, position, 0, (segment, entry, data) -> {}).length();
        }
        return Compression.NONE;
    }

    private static Segment member(Source source, long offset, int index, Visitor visitor) throws IOException {
        var head = head(source, offset);
        var where = source.name() + ": member at byte " + offset;
        if (head.length >= 6 && new String(head, 0, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("0707")) {
            var reader = new CpioReader(new SourceInput(source, offset, source.size()), where);
            int entries = archive(reader, index, visitor, true);
            return new Segment(offset, reader.position(), Compression.NONE, entries);
        }
        var compression = Compression.detect(head);
        if (compression == null) {
            throw new InitrdFormatException(where + ": neither a cpio archive nor a known compression (starts with "
                    + java.util.HexFormat.ofDelimiter(" ").formatHex(head, 0, Math.min(4, head.length)) + ")");
        }
        var in = new SourceInput(source, offset, source.size());
        var where2 = where + " (" + compression.id() + ")";
        try (var data = decompressor(compression, in, source, offset, where2)) {
            int entries =
                    archive(new CpioReader(new BufferedInputStream(data, 64 * 1024), where2), index, visitor, false);
            data.transferTo(java.io.OutputStream.nullOutputStream());
            return new Segment(offset, in.position() - offset, compression, entries);
        } catch (InitrdFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // the decompression libraries' errors do not say where they are
            throw new InitrdFormatException(where2 + ": " + e.getMessage());
        }
    }

    /** Entries up to a trailer (uncompressed), or until the stream ends (compressed). */
    private static int archive(CpioReader reader, int index, Visitor visitor, boolean untilTrailer) throws IOException {
        int entries = 0;
        for (var entry = reader.next(); entry != null; entry = reader.next()) {
            if (entry.name().equals(CpioEntry.TRAILER)) {
                visitor.trailer(index);
                if (untilTrailer) {
                    return entries;
                }
                continue;
            }
            entries++;
            visitor.entry(index, entry, reader.data());
        }
        if (untilTrailer) {
            throw reader.error(reader.position(), "archive ends without its " + CpioEntry.TRAILER);
        }
        return entries;
    }

    private static InputStream decompressor(
            Compression compression, SourceInput in, Source source, long offset, String where) throws IOException {
        return switch (compression) {
            case GZIP -> new GzipMember(in, where);
            case XZ -> new SingleXZInputStream(in, MEMORY_LIMIT_KIB);
            case LZMA -> new LZMAInputStream(in, MEMORY_LIMIT_KIB);
            case BZIP2 -> new BZip2CompressorInputStream(in, false);
            case LZ4 -> Lz4Legacy.decoder(in, where);
            case ZSTD -> {
                long length = ZstdFrames.length(source, offset, where);
                in.skip(length);
                yield new ZstdInputStream(new SourceInput(source, offset, offset + length));
            }
            case LZO ->
                throw new InitrdFormatException(where + ": unsupported: lzo (no well-kept Java library reads it)");
            case NONE -> throw new AssertionError("uncompressed archives are read directly");
        };
    }

    /** The first bytes of a member, enough to tell its kind. */
    private static byte[] head(Source source, long offset) throws IOException {
        return source.readBytes(offset, (int) Math.min(8, source.size() - offset));
    }

    /** The first byte at or after {@code offset} that is not NUL, or the size. */
    private static long skipNuls(Source source, long offset) throws IOException {
        var buffer = java.nio.ByteBuffer.allocate(64 * 1024);
        while (offset < source.size()) {
            int n = (int) Math.min(buffer.capacity(), source.size() - offset);
            source.read(buffer.clear().limit(n), offset);
            for (int i = 0; i < n; i++) {
                if (buffer.get(i) != 0) {
                    return offset + i;
                }
            }
            offset += n;
        }
        return offset;
    }
}
