package org.inetboot.initramfs;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes one newc (070701) archive; {@link #close} writes the trailer. Inode numbers count up from 1. */
public final class CpioWriter implements Closeable {

    private final OutputStream out;
    private long written;
    private long nextIno = 1;

    public CpioWriter(OutputStream out) {
        this.out = out;
    }

    /** A header whose data follows from {@code data} ({@code entry.size()} bytes of it). */
    public void write(CpioEntry entry, InputStream data) throws IOException {
        var name = (entry.name() + "\0").getBytes(StandardCharsets.UTF_8);
        var header = new StringBuilder("070701");
        for (long field : new long[] {
            nextIno++,
            entry.mode(),
            entry.uid(),
            entry.gid(),
            entry.nlink(),
            entry.mtime(),
            entry.size(),
            entry.devMajor(),
            entry.devMinor(),
            entry.rdevMajor(),
            entry.rdevMinor(),
            name.length,
            0
        }) {
            if (field < 0 || field > 0xffffffffL) {
                throw new IOException(entry.name() + ": a cpio header field cannot hold " + field);
            }
            header.append(String.format("%08x", field));
        }
        emit(header.toString().getBytes(StandardCharsets.US_ASCII));
        emit(name);
        pad();
        long copied = data == null ? 0 : data.transferTo(new Counter());
        if (copied != entry.size()) {
            throw new IOException(entry.name() + ": " + copied + " bytes of data for an entry of " + entry.size());
        }
        pad();
    }

    public void write(CpioEntry entry, byte[] data) throws IOException {
        write(entry, new java.io.ByteArrayInputStream(data));
    }

    @Override
    public void close() throws IOException {
        write(new CpioEntry(CpioEntry.TRAILER, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0), (InputStream) null);
        out.flush();
    }

    private void emit(byte[] bytes) throws IOException {
        out.write(bytes);
        written += bytes.length;
    }

    private void pad() throws IOException {
        emit(new byte[(int) ((4 - (written & 3)) & 3)]);
    }

    /** Counts the data into {@link #written} as it goes out. */
    private final class Counter extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            out.write(b);
            written++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            written += len;
        }
    }
}
