package org.inetboot.initramfs;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** The compressions the kernel unpacks initramfs members in, recognised by their magic bytes. */
public enum Compression {
    NONE(new int[0]),
    GZIP(new int[] {0x1f, 0x8b}),
    BZIP2(new int[] {0x42, 0x5a, 0x68}),
    LZMA(new int[] {0x5d, 0x00, 0x00}),
    XZ(new int[] {0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00}),
    LZO(new int[] {0x89, 0x4c, 0x5a, 0x4f}),
    LZ4(new int[] {0x02, 0x21, 0x4c, 0x18}),
    ZSTD(new int[] {0x28, 0xb5, 0x2f, 0xfd});

    private final int[] magic;

    Compression(int[] magic) {
        this.magic = magic;
    }

    /** The name the CLI and JSON use: "gzip", "xz", ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Compression byId(String id) {
        for (var compression : values()) {
            if (compression.id().equals(id)) {
                return compression;
            }
        }
        throw new IllegalArgumentException("unknown compression '" + id + "'");
    }

    /** The compression whose magic {@code head} starts with, or null. */
    static Compression detect(byte[] head) {
        for (var compression : values()) {
            if (compression.magic.length > 0 && startsWith(head, compression.magic)) {
                return compression;
            }
        }
        return null;
    }

    private static boolean startsWith(byte[] head, int[] magic) {
        if (head.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * A stream that compresses into {@code out} in the form the kernel reads: xz with CRC32 (the
     * kernel's xz decoder has no CRC64), lz4 in the legacy format. Closing it finishes the member
     * but leaves {@code out} open.
     */
    public OutputStream compressor(OutputStream out) throws IOException {
        var target = new NonClosing(out);
        return switch (this) {
            case NONE -> target;
            case GZIP -> new GZIPOutputStream(target, 64 * 1024);
            case XZ -> new XZOutputStream(target, new LZMA2Options(), org.tukaani.xz.XZ.CHECK_CRC32);
            case ZSTD -> new ZstdOutputStream(target, 19);
            case LZ4 -> Lz4Legacy.compressor(target);
            case BZIP2, LZMA, LZO -> throw new IOException("InetBoot does not write " + id() + " (it reads it)");
        };
    }

    /** Closing finishes the compressed member, not the stream it is written into. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
