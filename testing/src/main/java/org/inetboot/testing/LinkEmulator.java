package org.inetboot.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy on loopback that behaves like a WAN link to a target: every byte is delayed by half
 * the round-trip time in each direction, and each direction's bandwidth is shared by all
 * connections, as on one access link. The kernel here has no netem, so this is how tests and
 * benchmarks see latency.
 */
public final class LinkEmulator implements AutoCloseable {

    private static final int SEGMENT = 16 * 1024;
    private static final int QUEUED_SEGMENTS = 256;

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final long oneWayNanos;
    private final Pacer upstream;
    private final Pacer downstream;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

    /**
     * @param rtt          the round-trip time added to the loopback's own
     * @param bitsPerSecond each direction's bandwidth
     */
    public LinkEmulator(InetSocketAddress target, Duration rtt, long bitsPerSecond) throws IOException {
        this.target = target;
        this.oneWayNanos = rtt.toNanos() / 2;
        this.upstream = new Pacer(bitsPerSecond);
        this.downstream = new Pacer(bitsPerSecond);
        this.listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        threads.execute(this::acceptLoop);
    }

    public int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                var client = listener.accept();
                threads.execute(() -> connect(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void connect(Socket client) {
        try {
            var server = new Socket();
            sockets.add(client);
            sockets.add(server);
            sleepUntil(System.nanoTime() + 2 * oneWayNanos); // the TCP handshake's round trip
            server.connect(target);
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
            threads.execute(() -> relay(client, server, upstream));
            threads.execute(() -> relay(server, client, downstream));
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    /** Copies one direction: paced by the link's bandwidth, then delivered after the delay. */
    private void relay(Socket from, Socket to, Pacer pacer) {
        BlockingQueue<Segment> wire = new ArrayBlockingQueue<>(QUEUED_SEGMENTS);
        threads.execute(() -> deliver(wire, to, from));
        try (InputStream in = from.getInputStream()) {
            var buffer = new byte[SEGMENT];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                long sent = pacer.transmit(n);
                wire.put(new Segment(Arrays.copyOf(buffer, n), sent + oneWayNanos));
            }
        } catch (IOException | InterruptedException e) {
            // the connection ended; the end marker below tells the other side
        }
        try {
            wire.put(new Segment(null, System.nanoTime() + oneWayNanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(BlockingQueue<Segment> wire, Socket to, Socket from) {
        try {
            OutputStream out = to.getOutputStream();
            for (var segment = wire.take(); segment.bytes != null; segment = wire.take()) {
                sleepUntil(segment.due);
                out.write(segment.bytes);
            }
            sleepUntil(System.nanoTime());
            to.shutdownOutput();
        } catch (IOException | InterruptedException e) {
            closeQuietly(to);
            closeQuietly(from);
        }
    }

    private static void sleepUntil(long nanoTime) {
        for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** Resets every connection now (RST), as a middlebox that lost its state does; new ones are accepted. */
    public void reset() {
        for (var socket : sockets) {
            try {
                socket.setSoLinger(true, 0);
            } catch (IOException closed) {
                // already gone
            }
            closeQuietly(socket);
            sockets.remove(socket);
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(LinkEmulator::closeQuietly);
        threads.shutdownNow();
    }

    private record Segment(byte[] bytes, long due) {}

    /** One direction of the link: bytes leave one after another at the link's rate. */
    private static final class Pacer {
        private final double nanosPerByte;
        private long free = System.nanoTime();

        Pacer(long bitsPerSecond) {
            this.nanosPerByte = 8e9 / bitsPerSecond;
        }

        /** Waits until {@code n} bytes have been sent; returns when the last one left. */
        long transmit(int n) {
            long done;
            synchronized (this) {
                long start = Math.max(free, System.nanoTime());
                done = start + (long) (n * nanosPerByte);
                free = done;
            }
            sleepUntil(done);
            return done;
        }
    }
}
