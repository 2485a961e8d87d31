package org.inetboot.nbd;

import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import org.inetboot.source.Source;

/**
 * One client: the fixed-newstyle handshake (unless the connection starts in transmission, as the
 * kernel's does), then requests served concurrently, each reply sent whole under a lock. A read's
 * payload is assembled completely before its reply starts, so a failed read is an error reply,
 * never a reply with wrong data; every request gets its reply, whatever the read throws. The
 * payloads of reads in flight come out of a budget shared by the server's connections, so many
 * large requests wait for memory instead of exhausting it. Protocol violations end this connection
 * only.
 */
final class NbdConnection {

    private static final System.Logger LOG = System.getLogger(NbdConnection.class.getName());
    private static final int MAX_OPTION = 64 * 1024;
    private static final int IN_FLIGHT = 64;

    private final SocketChannel channel;
    private final Map<String, Source> exports;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private final Semaphore payloadBytes;
    private boolean noZeroes;

    NbdConnection(SocketChannel channel, Map<String, Source> exports, Semaphore payloadBytes) {
        this.channel = channel;
        this.exports = exports;
        this.payloadBytes = payloadBytes;
    }

    /** Negotiates, then serves the chosen export until the client disconnects. */
    void serve() throws IOException {
        var export = handshake();
        if (export != null) {
            transmission(export);
        }
    }

    /** Serves {@code export} on a connection whose handshake happened elsewhere (the kernel's). */
    void serveTransmission(Source export) throws IOException {
        transmission(export);
    }

    // ---- handshake

    private Source handshake() throws IOException {
        write(ByteBuffer.allocate(18)
                .putLong(Nbd.NBDMAGIC)
                .putLong(Nbd.IHAVEOPT)
                .putShort((short) (Nbd.FLAG_FIXED_NEWSTYLE | Nbd.FLAG_NO_ZEROES))
                .flip());
        int clientFlags = read(4).getInt();
        if ((clientFlags & ~(Nbd.FLAG_FIXED_NEWSTYLE | Nbd.FLAG_NO_ZEROES)) != 0) {
            throw new IOException("unknown client flags " + Integer.toHexString(clientFlags));
        }
        noZeroes = (clientFlags & Nbd.FLAG_NO_ZEROES) != 0;
        while (true) {
            var header = read(16);
            if (header.getLong() != Nbd.IHAVEOPT) {
                throw new IOException("option without IHAVEOPT");
            }
            int option = header.getInt();
            int length = header.getInt();
            if (length < 0 || length > MAX_OPTION) {
                throw new IOException("option of " + Integer.toUnsignedString(length) + " bytes");
            }
            var data = read(length);
            var chosen = option(option, data);
            if (chosen != null || option == Nbd.OPT_ABORT) {
                return chosen;
            }
        }
    }

    /** Answers one option; returns the export when the option starts transmission. */
    private Source option(int option, ByteBuffer data) throws IOException {
        switch (option) {
            case Nbd.OPT_EXPORT_NAME -> {
                var export = exports.get(StandardCharsets.UTF_8.decode(data).toString());
                if (export == null) {
                    throw new IOException("EXPORT_NAME of an unknown export"); // this option has no way to say no
                }
                var reply = ByteBuffer.allocate(noZeroes ? 10 : 134)
                        .putLong(export.size())
                        .putShort((short) Nbd.TRANSMISSION_FLAGS);
                write(reply.position(reply.capacity()).flip());
                return export;
            }
            case Nbd.OPT_ABORT -> {
                reply(option, Nbd.REP_ACK, ByteBuffer.allocate(0));
                return null;
            }
            case Nbd.OPT_LIST -> {
                if (data.hasRemaining()) {
                    reply(option, Nbd.REP_ERR_INVALID, ByteBuffer.allocate(0));
                } else {
                    for (var name : exports.keySet().stream()
                            .filter(n -> !n.isEmpty())
                            .sorted()
                            .toList()) {
                        var bytes = name.getBytes(StandardCharsets.UTF_8);
                        reply(
                                option,
                                Nbd.REP_SERVER,
                                ByteBuffer.allocate(4 + bytes.length)
                                        .putInt(bytes.length)
                                        .put(bytes)
                                        .flip());
                    }
                    reply(option, Nbd.REP_ACK, ByteBuffer.allocate(0));
                }
                return null;
            }
            case Nbd.OPT_INFO, Nbd.OPT_GO -> {
                return info(option, data);
            }
            default -> {
                reply(option, Nbd.REP_ERR_UNSUP, ByteBuffer.allocate(0));
                return null;
            }
        }
    }

    /** INFO and GO: the export's size and flags, block sizes if asked for; GO then starts transmission. */
    private Source info(int option, ByteBuffer data) throws IOException {
        if (data.remaining() < 6 || data.getInt(0) < 0 || data.getInt(0) > data.remaining() - 6) {
            reply(option, Nbd.REP_ERR_INVALID, ByteBuffer.allocate(0));
            return null;
        }
        int nameLength = data.getInt();
        var name = StandardCharsets.UTF_8
                .decode(data.slice(data.position(), nameLength))
                .toString();
        data.position(data.position() + nameLength);
        int requests = Short.toUnsignedInt(data.getShort());
        if (data.remaining() != requests * 2) {
            reply(option, Nbd.REP_ERR_INVALID, ByteBuffer.allocate(0));
            return null;
        }
        var export = exports.get(name);
        if (export == null) {
            reply(option, Nbd.REP_ERR_UNKNOWN, ByteBuffer.allocate(0));
            return null;
        }
        reply(
                option,
                Nbd.REP_INFO,
                ByteBuffer.allocate(12)
                        .putShort((short) Nbd.INFO_EXPORT)
                        .putLong(export.size())
                        .putShort((short) Nbd.TRANSMISSION_FLAGS)
                        .flip());
        for (int i = 0; i < requests; i++) {
            if (data.getShort() == Nbd.INFO_BLOCK_SIZE) {
                reply(
                        option,
                        Nbd.REP_INFO,
                        ByteBuffer.allocate(14)
                                .putShort((short) Nbd.INFO_BLOCK_SIZE)
                                .putInt(1)
                                .putInt(Nbd.PREFERRED_BLOCK)
                                .putInt(Nbd.MAX_REQUEST)
                                .flip());
            }
        }
        reply(option, Nbd.REP_ACK, ByteBuffer.allocate(0));
        return option == Nbd.OPT_GO ? export : null;
    }

    private void reply(int option, int type, ByteBuffer data) throws IOException {
        write(ByteBuffer.allocate(20 + data.remaining())
                .putLong(Nbd.OPTION_REPLY_MAGIC)
                .putInt(option)
                .putInt(type)
                .putInt(data.remaining())
                .put(data)
                .flip());
    }

    // ---- transmission

    private void transmission(Source export) throws IOException {
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            while (true) {
                var request = read(28);
                if (request.getInt() != Nbd.REQUEST_MAGIC) {
                    throw new IOException("request without its magic");
                }
                request.getShort(); // command flags: FUA and the like mean nothing to a read-only export
                int type = Short.toUnsignedInt(request.getShort());
                long cookie = request.getLong();
                long offset = request.getLong();
                long length = Integer.toUnsignedLong(request.getInt());
                if (type == Nbd.CMD_DISC) {
                    return; // the executor's close waits for the replies in flight
                }
                dispatch(workers, export, type, cookie, offset, length);
            }
        }
    }

    private void dispatch(ExecutorService workers, Source export, int type, long cookie, long offset, long length)
            throws IOException {
        switch (type) {
            case Nbd.CMD_READ -> {
                if (length > Nbd.MAX_REQUEST || offset < 0 || offset + length > export.size()) {
                    simpleReply(cookie, Nbd.EINVAL, null);
                    return;
                }
                acquire(inFlight, 1);
                acquire(payloadBytes, (int) length);
                workers.execute(() -> readAndReply(export, cookie, offset, (int) length));
            }
            case Nbd.CMD_WRITE -> {
                if (length > Nbd.MAX_REQUEST) {
                    throw new IOException("write of " + length + " bytes");
                }
                read((int) length); // the payload must be consumed before the refusal
                simpleReply(cookie, Nbd.EPERM, null);
            }
            case Nbd.CMD_TRIM, Nbd.CMD_WRITE_ZEROES -> simpleReply(cookie, Nbd.EPERM, null);
            case Nbd.CMD_FLUSH -> simpleReply(cookie, 0, null);
            case Nbd.CMD_CACHE -> {
                if (offset >= 0 && offset < export.size()) {
                    export.prefetch(offset, Math.min(length, export.size() - offset));
                }
                simpleReply(cookie, 0, null);
            }
            default -> simpleReply(cookie, Nbd.EINVAL, null);
        }
    }

    private void readAndReply(Source export, long cookie, long offset, int length) {
        try {
            var payload = ByteBuffer.allocate(length);
            int error = 0;
            try {
                export.read(payload, offset);
                payload.flip();
            } catch (IOException | RuntimeException | Error e) { // an error reply, never a client left waiting
                LOG.log(Level.WARNING, "NBD read of " + length + " bytes at " + offset + " failed: " + e.getMessage());
                error = Nbd.EIO;
            }
            simpleReply(cookie, error, error == 0 ? payload : null);
        } catch (IOException e) {
            closeQuietly(); // the client is gone: the reader loop ends with the channel
        } finally {
            payloadBytes.release(length);
            inFlight.release();
        }
    }

    /** Header and payload in one gathering write: two small writes would wait on the client's delayed ACK. */
    private void simpleReply(long cookie, int error, ByteBuffer payload) throws IOException {
        var header = ByteBuffer.allocate(16)
                .putInt(Nbd.SIMPLE_REPLY_MAGIC)
                .putInt(error)
                .putLong(cookie)
                .flip();
        var buffers = payload == null ? new ByteBuffer[] {header} : new ByteBuffer[] {header, payload};
        long left = 16L + (payload == null ? 0 : payload.remaining());
        writeLock.lock();
        try {
            while (left > 0) {
                left -= channel.write(buffers);
            }
        } finally {
            writeLock.unlock();
        }
    }

    private static void acquire(Semaphore semaphore, int permits) throws IOException {
        try {
            semaphore.acquire(permits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
    }

    // ---- bytes

    private ByteBuffer read(int length) throws IOException {
        var buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new EOFException("the client disconnected");
            }
        }
        return buffer.flip();
    }

    private void write(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
