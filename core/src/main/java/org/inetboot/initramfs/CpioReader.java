package org.inetboot.initramfs;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads newc archives from a stream, one entry at a time; each entry's data is a bounded stream
 * that the next call skips if it was not read, so no archive needs to fit in memory. After a
 * trailer, NUL padding is skipped and another archive may follow, as the kernel allows.
 */
final class CpioReader {

    private static final int HEADER = 110;
    private static final int MAX_NAME = 4096;

    private final PushbackInputStream in;
    private final String where;
    private long position;
    private Data data;

    /** @param where names the stream in errors, e.g. "initrd.img: gzip member at byte 1024" */
    CpioReader(InputStream in, String where) {
        this.in = new PushbackInputStream(in, 1);
        this.where = where;
    }

    /** Bytes of the stream consumed so far: after a trailer, where its archive ends. */
    long position() {
        return position;
    }

    /** The next entry, trailers included; null when the stream ends (at an archive boundary). */
    CpioEntry next() throws IOException {
        finishData();
        if (!skipPadding()) {
            return null;
        }
        long at = position;
        var header = readFully(HEADER, at, "header");
        var magic = new String(header, 0, 6, StandardCharsets.US_ASCII);
        if (!magic.equals("070701") && !magic.equals("070702")) {
            throw error(
                    at,
                    magic.equals("070707")
                            ? "old-format (odc) cpio, the kernel reads only newc"
                            : "no cpio header (magic '" + magic.replaceAll("[^\\x20-\\x7e]", "?") + "')");
        }
        long nameSize = field(header, 11, at);
        if (nameSize < 2 || nameSize > MAX_NAME) {
            throw error(
                    at,
                    nameSize < 2
                            ? "an empty name"
                            : "a name of " + nameSize + " bytes (the limit is " + MAX_NAME + ")");
        }
        var nameBytes = readFully((int) nameSize, at, "name");
        skip(pad(HEADER + nameSize));
        int nul = indexOfNul(nameBytes);
        if (nul != nameSize - 1) {
            throw error(
                    at,
                    "the name '"
                            + new String(nameBytes, 0, Math.min(nul, nameBytes.length), StandardCharsets.UTF_8)
                                    .replaceAll("\\p{Cntrl}", "?")
                            + "' " + (nul < nameSize - 1 ? "has a NUL byte inside" : "does not end with a NUL byte"));
        }
        var name = new String(nameBytes, 0, nul, StandardCharsets.UTF_8);
        var entry = new CpioEntry(
                name,
                (int) field(header, 1, at),
                field(header, 2, at),
                field(header, 3, at),
                field(header, 4, at),
                field(header, 5, at),
                field(header, 6, at),
                field(header, 0, at),
                field(header, 7, at),
                field(header, 8, at),
                field(header, 9, at),
                field(header, 10, at));
        data = new Data(entry.size(), magic.equals("070702") ? field(header, 12, at) : -1, at);
        return entry;
    }

    /** The data of the entry {@link #next} returned last. */
    InputStream data() {
        return data;
    }

    /** Skips NULs between archives; false at the end of the stream. */
    private boolean skipPadding() throws IOException {
        while (true) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            if (b != 0) {
                in.unread(b);
                return true;
            }
            position++;
        }
    }

    private void finishData() throws IOException {
        if (data != null) {
            data.transferTo(java.io.OutputStream.nullOutputStream());
            data.verify();
            skip(pad(data.length));
            data = null;
        }
    }

    private long field(byte[] header, int index, long at) throws IOException {
        long value = 0;
        for (int i = 6 + index * 8; i < 14 + index * 8; i++) {
            int digit = Character.digit(header[i], 16);
            if (digit < 0) {
                throw error(at, "header field " + index + " is not hexadecimal");
            }
            value = value << 4 | digit;
        }
        return value;
    }

    private byte[] readFully(int n, long at, String what) throws IOException {
        var bytes = in.readNBytes(n);
        position += bytes.length;
        if (bytes.length < n) {
            throw error(at, "archive ends inside an entry's " + what);
        }
        return bytes;
    }

    private void skip(long n) throws IOException {
        try {
            in.skipNBytes(n);
        } catch (java.io.EOFException e) {
            throw error(position, "archive ends inside an entry's padding");
        }
        position += n;
    }

    /** The index of the first NUL byte, or the length when there is none. */
    private static int indexOfNul(byte[] bytes) {
        int i = 0;
        while (i < bytes.length && bytes[i] != 0) {
            i++;
        }
        return i;
    }

    private static int pad(long length) {
        return (int) ((4 - (length & 3)) & 3);
    }

    InitrdFormatException error(long at, String problem) {
        return new InitrdFormatException(where + ", archive byte " + at + ": " + problem);
    }

    /** An entry's data: exactly its size, with the 070702 checksum checked at the end. */
    private final class Data extends BulkInputStream {
        final long length;
        final long checksum;
        final long header;
        long left;
        long sum;

        Data(long length, long checksum, long header) {
            this.length = length;
            this.checksum = checksum;
            this.header = header;
            this.left = length;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw error(header, "archive ends inside the data of an entry of " + length + " bytes");
            }
            for (int i = off; i < off + n; i++) {
                sum += b[i] & 0xff;
            }
            left -= n;
            position += n;
            return n;
        }

        void verify() throws IOException {
            if (checksum >= 0 && (sum & 0xffffffffL) != checksum) {
                throw error(header, "070702 checksum does not match the data");
            }
        }
    }
}
