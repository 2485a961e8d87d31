package org.inetboot.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Takes what stage 2 reports ({@code inetboot.report=URL}: PUT {@code URL/trace} each time the
 * trace grew, {@code URL/stats.json} each time the counters changed) and keeps the latest of each,
 * for {@code inetboot profile record} and the benchmarks. Loopback only.
 */
public final class ReportReceiver implements AutoCloseable {

    /** A trace is at most 65,536 lines of three numbers. */
    private static final int MAX_BYTES = 4 << 20;

    private final HttpServer server;
    private final Map<String, String> latest = new ConcurrentHashMap<>();

    private ReportReceiver(HttpServer server) {
        this.server = server;
    }

    public static ReportReceiver start() throws IOException {
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        var receiver = new ReportReceiver(server);
        server.createContext("/", receiver::handle);
        server.start();
        return receiver;
    }

    /** The URL to give stage 2, as a guest of qemu's user network sees this host. */
    public String guestUrl() {
        return "http://10.0.2.2:" + server.getAddress().getPort() + "/";
    }

    /** The latest {@code name} (e.g. {@code trace}) received since the last call, if any. */
    public Optional<String> take(String name) {
        return Optional.ofNullable(latest.remove(name));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            var name = exchange.getRequestURI().getPath().substring(1);
            var body = exchange.getRequestBody().readNBytes(MAX_BYTES + 1);
            if (!exchange.getRequestMethod().equals("PUT")
                    || body.length > MAX_BYTES
                    || !name.matches("[a-z]+(\\.json)?")) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            latest.put(name, new String(body, StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
