package org.inetboot.nbd;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.inetboot.source.Source;

/**
 * Serves sources as read-only NBD exports, by name, on TCP and Unix sockets; a virtual thread a
 * connection. Reads go through each source's own stack, so its cache and read-ahead serve them.
 */
public final class NbdServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(NbdServer.class.getName());

    /** Reads in flight may hold this many payload bytes, for all connections: two of the largest. */
    static final int PAYLOAD_BUDGET = 2 * Nbd.MAX_REQUEST;
    /** The least budget that still serves the largest request a client may send. */
    public static final int MIN_PAYLOAD_BUDGET = Nbd.MAX_REQUEST;

    private final Map<String, Source> exports;
    private final Semaphore payloadBytes;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<ServerSocketChannel> listeners = new CopyOnWriteArrayList<>();

    /** @param exports by name; the first is also the default export, named "" by clients that name none */
    public NbdServer(Map<String, Source> exports) {
        this(exports, PAYLOAD_BUDGET);
    }

    /** @param payloadBudget the payload bytes reads in flight may hold, at least {@link #MIN_PAYLOAD_BUDGET} */
    public NbdServer(Map<String, Source> exports, int payloadBudget) {
        if (payloadBudget < MIN_PAYLOAD_BUDGET) {
            throw new IllegalArgumentException("a payload budget under " + MIN_PAYLOAD_BUDGET + " bytes");
        }
        var named = new LinkedHashMap<>(exports);
        named.putIfAbsent("", exports.values().iterator().next());
        this.exports = Map.copyOf(named);
        this.payloadBytes = new Semaphore(payloadBudget);
    }

    /** Listens on TCP; returns the address bound (port 0 picks one). */
    public InetSocketAddress listen(InetSocketAddress address) throws IOException {
        var listener = ServerSocketChannel.open(StandardProtocolFamily.INET).bind(address);
        start(listener, connection -> connection.serve());
        return (InetSocketAddress) listener.getLocalAddress();
    }

    /** Listens on a Unix socket at {@code path}, replacing a stale one. */
    public void listen(Path path) throws IOException {
        start(unix(path), connection -> connection.serve());
    }

    /**
     * Listens on a Unix socket whose connections start in the transmission phase, serving
     * {@code export}: the kernel's NBD client takes over a socket after the handshake, and a
     * connection made for it has none. The future completes when the first connection ends: the
     * kernel disconnected the device.
     */
    public CompletableFuture<Void> listenForKernel(Path path, String export) throws IOException {
        var source = exports.get(export);
        var ended = new CompletableFuture<Void>();
        start(unix(path), connection -> {
            try {
                connection.serveTransmission(source);
            } finally {
                ended.complete(null);
            }
        });
        return ended;
    }

    private static ServerSocketChannel unix(Path path) throws IOException {
        Files.deleteIfExists(path);
        return ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(path));
    }

    @FunctionalInterface
    private interface Session {
        void run(NbdConnection connection) throws IOException;
    }

    private void start(ServerSocketChannel listener, Session session) {
        listeners.add(listener);
        threads.execute(() -> {
            while (listener.isOpen()) {
                try {
                    var client = listener.accept();
                    threads.execute(() -> serve(client, session));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private void serve(SocketChannel client, Session session) {
        try (client) {
            if (client.getLocalAddress() instanceof InetSocketAddress) {
                client.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            }
            session.run(new NbdConnection(client, exports, payloadBytes));
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "NBD connection ended: " + e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        for (var listener : listeners) {
            listener.close();
        }
        threads.shutdownNow();
    }
}
