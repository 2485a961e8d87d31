package org.inetboot.iso;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.inetboot.source.Source;

/**
 * A zisofs-compressed file, decompressed block by block as it is read: a header (magic,
 * uncompressed size, header size, block size), a table of block pointers, then one zlib stream
 * per block; a block whose pointers are equal is all zeros.
 */
final class ZisofsSource implements Source {

    private static final byte[] MAGIC = {
        0x37, (byte) 0xE4, 0x53, (byte) 0x96, (byte) 0xC9, (byte) 0xDB, (byte) 0xD6, 0x07
    };

    private final Source stored;
    private final String image;
    private final String path;
    private final long size;
    private final int blockSize;
    private final long[] pointers;
    private long cachedBlock = -1;
    private byte[] cached;

    private ZisofsSource(Source stored, String image, String path, long size, int blockLog2, long[] pointers) {
        this.stored = stored;
        this.image = image;
        this.path = path;
        this.size = size;
        this.blockSize = 1 << blockLog2;
        this.pointers = pointers;
    }

    static ZisofsSource open(Source stored, IsoEntry.Zisofs zisofs, String image, String path) throws IOException {
        if (stored.size() < 16) {
            throw new IsoFormatException(image, path, 0, "zisofs file of " + stored.size() + " bytes has no header");
        }
        var header = stored.readBytes(0, 16);
        if (!java.util.Arrays.equals(header, 0, 8, MAGIC, 0, 8)) {
            throw new IsoFormatException(image, path, 0, "zisofs header without its magic number");
        }
        long size = Fields.le32(header, 8);
        int headerSize = Fields.u8(header, 12) * 4;
        int blockLog2 = Fields.u8(header, 13);
        if (size != zisofs.size() || blockLog2 != zisofs.blockLog2() || headerSize < 16) {
            throw new IsoFormatException(image, path, 0, "zisofs header disagrees with the Rock Ridge ZF entry");
        }
        long blocks = (size + (1L << blockLog2) - 1) >> blockLog2;
        if (headerSize + (blocks + 1) * 4 > stored.size()) {
            throw new IsoFormatException(
                    image,
                    path,
                    headerSize,
                    "zisofs block table of " + (blocks + 1) + " pointers does not fit the file's " + stored.size()
                            + " bytes");
        }
        var table = stored.readBytes(headerSize, (int) (blocks + 1) * 4);
        var pointers = new long[(int) blocks + 1];
        for (int i = 0; i <= blocks; i++) {
            pointers[i] = Fields.le32(table, i * 4);
            if (pointers[i] > stored.size() || (i > 0 && pointers[i] < pointers[i - 1])) {
                throw new IsoFormatException(
                        image,
                        path,
                        headerSize + i * 4L,
                        "zisofs block pointer " + pointers[i] + " out of order or past the file's end");
            }
        }
        return new ZisofsSource(stored, image, path, size, blockLog2, pointers);
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public String name() {
        return stored.name();
    }

    @Override
    public Optional<String> version() {
        return stored.version();
    }

    @Override
    public void read(ByteBuffer dst, long offset) throws IOException {
        Source.checkRange(this, offset, dst.remaining());
        while (dst.hasRemaining()) {
            long index = offset / blockSize;
            int within = (int) (offset % blockSize);
            var block = block(index);
            int n = Math.min(dst.remaining(), block.length - within);
            dst.put(block, within, n);
            offset += n;
        }
    }

    /** One decompressed block; the last one is kept, since reads come in pieces smaller than a block. */
    private synchronized byte[] block(long index) throws IOException {
        if (index != cachedBlock) {
            cached = inflate(index);
            cachedBlock = index;
        }
        return cached;
    }

    private byte[] inflate(long index) throws IOException {
        int length = (int) Math.min(blockSize, size - index * blockSize);
        var block = new byte[length];
        long from = pointers[(int) index];
        long to = pointers[(int) index + 1];
        if (from == to) {
            return block;
        }
        if (to - from > 2L * blockSize + 1024) {
            throw new IsoFormatException(image, path, from, "zisofs block of " + (to - from) + " compressed bytes");
        }
        var inflater = new Inflater();
        try {
            inflater.setInput(stored.readBytes(from, (int) (to - from)));
            int n = inflater.inflate(block);
            if (n != length || !inflater.finished()) {
                throw new IsoFormatException(
                        image,
                        path,
                        from,
                        "zisofs block " + index + " inflates to " + (inflater.finished() ? n : "more than " + n)
                                + " bytes instead of " + length);
            }
            return block;
        } catch (DataFormatException e) {
            throw new IsoFormatException(
                    image, path, from, "zisofs block " + index + " is not valid zlib data: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }
}
