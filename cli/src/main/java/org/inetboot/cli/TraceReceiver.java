package org.inetboot.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Takes the traces that stage 2 uploads ({@code inetboot.trace=URL}: PUT, the whole trace each
 * time it grew) and keeps the latest, for {@code profile record}. Loopback only.
 */
final class TraceReceiver implements AutoCloseable {

    /** A trace is at most 65,536 lines of three numbers. */
    private static final int MAX_BYTES = 4 << 20;

    private final HttpServer server;
    private final AtomicReference<String> latest = new AtomicReference<>();

    private TraceReceiver(HttpServer server) {
        this.server = server;
    }

    static TraceReceiver start() throws IOException {
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        var receiver = new TraceReceiver(server);
        server.createContext("/trace", receiver::handle);
        server.start();
        return receiver;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The latest trace received since the last call, if any. */
    Optional<String> take() {
        return Optional.ofNullable(latest.getAndSet(null));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            var body = exchange.getRequestBody().readNBytes(MAX_BYTES + 1);
            if (!exchange.getRequestMethod().equals("PUT") || body.length > MAX_BYTES) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            latest.set(new String(body, StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
