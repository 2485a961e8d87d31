package org.inetboot.initramfs;

import java.io.IOException;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * One gzip member, read exactly (RFC 1952): the JDK's GZIPInputStream reads ahead and runs on into
 * the next member, so the header is parsed here, the deflate data inflated with what the inflater
 * did not use given back, and the trailer's CRC32 and size checked.
 */
final class GzipMember extends BulkInputStream {

    private final SourceInput in;
    private final String where;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] input = new byte[64 * 1024];
    private long size;
    private boolean done;

    GzipMember(SourceInput in, String where) throws IOException {
        this.in = in;
        this.where = where;
        header();
    }

    private void header() throws IOException {
        var fixed = readFully(10);
        if ((fixed[0] & 0xff) != 0x1f || (fixed[1] & 0xff) != 0x8b || fixed[2] != 8) {
            throw new InitrdFormatException(where + ": not a gzip member with deflate data");
        }
        int flags = fixed[3];
        if ((flags & 0x04) != 0) {
            var extra = readFully(2);
            readFully((extra[0] & 0xff) | (extra[1] & 0xff) << 8);
        }
        if ((flags & 0x08) != 0) {
            skipString();
        }
        if ((flags & 0x10) != 0) {
            skipString();
        }
        if ((flags & 0x02) != 0) {
            readFully(2);
        }
    }

    private void skipString() throws IOException {
        for (int b = in.read(); b != 0; b = in.read()) {
            if (b < 0) {
                throw new InitrdFormatException(where + ": gzip header truncated");
            }
        }
    }

    private byte[] readFully(int n) throws IOException {
        var bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw new InitrdFormatException(where + ": gzip member truncated at byte " + in.position());
        }
        return bytes;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (done) {
            return -1;
        }
        try {
            while (true) {
                int n = inflater.inflate(b, off, len);
                if (n > 0) {
                    crc.update(b, off, n);
                    size += n;
                    return n;
                }
                if (inflater.finished()) {
                    finish();
                    return -1;
                }
                if (inflater.needsDictionary()) {
                    throw new InitrdFormatException(where + ": gzip member needs a preset dictionary");
                }
                int got = in.read(input, 0, input.length);
                if (got < 0) {
                    throw new InitrdFormatException(where + ": gzip member truncated at byte " + in.position());
                }
                inflater.setInput(input, 0, got);
            }
        } catch (DataFormatException e) {
            throw new InitrdFormatException(
                    where + ": corrupt gzip data near byte " + in.position() + ": " + e.getMessage());
        }
    }

    /** Gives back what the inflater did not use, then checks the trailer. */
    private void finish() throws IOException {
        done = true;
        in.unread(inflater.getRemaining());
        inflater.end();
        var trailer = readFully(8);
        long expectedCrc = (trailer[0] & 0xffL)
                | (trailer[1] & 0xffL) << 8
                | (trailer[2] & 0xffL) << 16
                | (trailer[3] & 0xffL) << 24;
        long expectedSize = (trailer[4] & 0xffL)
                | (trailer[5] & 0xffL) << 8
                | (trailer[6] & 0xffL) << 16
                | (trailer[7] & 0xffL) << 24;
        if (expectedCrc != crc.getValue() || expectedSize != (size & 0xffffffffL)) {
            throw new InitrdFormatException(where + ": gzip member's CRC32 or size does not match its data");
        }
    }
}
