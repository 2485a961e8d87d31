package org.inetboot.initramfs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.commons.compress.compressors.lz4.BlockLZ4CompressorInputStream;
import org.apache.commons.compress.compressors.lz4.BlockLZ4CompressorOutputStream;

/**
 * The lz4 "legacy" format the kernel unpacks (magic 02 21 4c 18): chunks of up to 8 MiB, each an
 * LZ4 block behind its little-endian compressed length. The kernel's decoder takes the rest of
 * the input as chunks, so an lz4 member must be the last one of an initrd.
 */
final class Lz4Legacy {

    static final int MAGIC = 0x184c2102;
    private static final int CHUNK = 8 << 20;
    private static final int MAX_COMPRESSED = CHUNK + CHUNK / 255 + 16;

    private Lz4Legacy() {}

    /** Decodes chunks until the input ends or what follows is no chunk; the input is left right after the last one. */
    static InputStream decoder(SourceInput in, String where) throws IOException {
        requireMagic(in, where);
        return new BulkInputStream() {
            private InputStream chunk = InputStream.nullInputStream();

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                while (true) {
                    int n = chunk.read(b, off, len);
                    if (n >= 0 || !nextChunk()) {
                        return n;
                    }
                }
            }

            private boolean nextChunk() throws IOException {
                var header = in.readNBytes(4);
                if (header.length < 4) {
                    in.unread(header.length);
                    return false;
                }
                int size = (header[0] & 0xff)
                        | (header[1] & 0xff) << 8
                        | (header[2] & 0xff) << 16
                        | (header[3] & 0xff) << 24;
                if (size == MAGIC) {
                    return nextChunk();
                }
                if (size <= 0 || size > MAX_COMPRESSED) {
                    in.unread(4); // not a chunk: the member ended
                    return false;
                }
                var compressed = in.readNBytes(size);
                if (compressed.length < size) {
                    throw new InitrdFormatException(where + ": lz4 chunk of " + size + " bytes is truncated");
                }
                chunk = new BlockLZ4CompressorInputStream(new ByteArrayInputStream(compressed));
                return true;
            }
        };
    }

    private static void requireMagic(SourceInput in, String where) throws IOException {
        var magic = in.readNBytes(4);
        if (magic.length < 4
                || (magic[0] & 0xff | (magic[1] & 0xff) << 8 | (magic[2] & 0xff) << 16 | (magic[3] & 0xff) << 24)
                        != MAGIC) {
            throw new InitrdFormatException(where + ": not an lz4 legacy member");
        }
    }

    static OutputStream compressor(OutputStream out) throws IOException {
        out.write(new byte[] {0x02, 0x21, 0x4c, 0x18});
        return new OutputStream() {
            private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                while (len > 0) {
                    int n = Math.min(len, CHUNK - pending.size());
                    pending.write(b, off, n);
                    off += n;
                    len -= n;
                    if (pending.size() == CHUNK) {
                        flushChunk();
                    }
                }
            }

            private void flushChunk() throws IOException {
                if (pending.size() == 0) {
                    return;
                }
                var block = new ByteArrayOutputStream();
                try (var lz4 = new BlockLZ4CompressorOutputStream(block)) {
                    pending.writeTo(lz4);
                }
                int size = block.size();
                out.write(new byte[] {(byte) size, (byte) (size >> 8), (byte) (size >> 16), (byte) (size >> 24)});
                block.writeTo(out);
                pending.reset();
            }

            @Override
            public void close() throws IOException {
                flushChunk();
                out.close();
            }
        };
    }
}
