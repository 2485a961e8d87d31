package org.inetboot.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * Serves the files of one directory read-only, as an image mirror must: HEAD, byte ranges (206,
 * several as multipart/byteranges, or 416 with {@code bytes *}{@code /size}), strong ETags,
 * Last-Modified, If-Range, If-None-Match and If-Modified-Since, as nginx answers them. Nothing
 * outside the directory is reachable, symbolic links included; a request that takes more than 30 s
 * to arrive (a slowloris) and a connection idle for 30 s are closed.
 */
public final class StaticFileServer implements AutoCloseable {

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final int BUFFER = 256 * 1024;

    static {
        // the JDK's server waits forever for a request that trickles in unless told; read once per JVM
        System.getProperties().putIfAbsent("sun.net.httpserver.maxReqTime", "30");
        System.getProperties().putIfAbsent("jdk.httpserver.maxConnections", "1024");
        // and closes every kept-alive connection idle past its 200th: each such client pays a reconnect per read
        System.getProperties().putIfAbsent("sun.net.httpserver.maxIdleConnections", "1024");
    }

    private final Path root;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final LongAdder bytesSent = new LongAdder();

    private StaticFileServer(Path root, HttpServer server) {
        this.root = root;
        this.server = server;
    }

    public static StaticFileServer start(Path directory, InetSocketAddress bind) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new NoSuchFileException(directory.toString(), null, "not a directory");
        }
        var server = HttpServer.create(bind, 128);
        var files = new StaticFileServer(directory.toRealPath(), server);
        server.createContext("/", files::handle);
        server.setExecutor(files.executor);
        server.start();
        return files;
    }

    /** How many bytes of file content all responses have carried so far. */
    public long bytesSent() {
        return bytesSent.sum();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        var address = server.getAddress();
        var host = address.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + "/");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            var method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                sendEmpty(exchange, 405);
                return;
            }
            var path = decode(exchange.getRequestURI());
            if (path == null) {
                sendEmpty(exchange, 400);
                return;
            }
            var file = resolve(path);
            if (file == null) {
                sendEmpty(exchange, 404);
                return;
            }
            serve(exchange, file, method.equals("HEAD"));
        }
    }

    /** The request's path, percent-decoded; null when it holds a NUL (nginx answers 400 too). */
    private static String decode(URI uri) {
        var path = URLDecoder.decode(uri.getRawPath().replace("+", "%2B"), StandardCharsets.UTF_8);
        return path.indexOf('\0') < 0 ? path : null;
    }

    /** The regular file a decoded request path names inside the root, or null ("a.iso/" names no file). */
    private Path resolve(String path) {
        if (path.endsWith("/")) {
            return null;
        }
        try {
            var real = root.resolve(path.replaceFirst("^/+", "")).normalize().toRealPath();
            return real.startsWith(root) && Files.isRegularFile(real) ? real : null;
        } catch (IOException | InvalidPathException | SecurityException e) {
            return null;
        }
    }

    /** By the name's extension, as nginx's mime.types: the catalog's pages, its JSON and boot menus; else bytes. */
    static String contentType(Path file) {
        var name = file.getFileName().toString();
        var extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return switch (extension) {
            case "html" -> "text/html; charset=utf-8";
            case "json" -> "application/json";
            case "css" -> "text/css";
            case "png" -> "image/png";
            case "txt", "cfg", "ipxe" -> "text/plain; charset=utf-8";
            case "meta4" -> "application/metalink4+xml";
            default -> "application/octet-stream";
        };
    }

    private void serve(HttpExchange exchange, Path file, boolean head) throws IOException {
        try (var channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            var modified = Files.getLastModifiedTime(file).toInstant().truncatedTo(ChronoUnit.SECONDS);
            var etag = "\"" + Long.toHexString(modified.getEpochSecond()) + "-" + Long.toHexString(size) + "\"";
            var headers = exchange.getResponseHeaders();
            headers.set("ETag", etag);
            headers.set("Last-Modified", HTTP_DATE.format(modified));
            headers.set("Accept-Ranges", "bytes");
            headers.set("Content-Type", contentType(file));
            headers.set("X-Content-Type-Options", "nosniff");
            if (notModified(exchange, etag, modified)) {
                sendEmpty(exchange, 304);
                return;
            }
            var request = rangeApplies(exchange, etag, modified)
                    ? ByteRange.parse(exchange.getRequestHeaders().getFirst("Range"), size)
                    : new ByteRange.Whole();
            switch (request) {
                case ByteRange.Whole whole -> send(exchange, channel, 200, 0, size, head);
                case ByteRange.Partial(var ranges)
                when ranges.size() == 1 -> {
                    var range = ranges.getFirst();
                    headers.set("Content-Range", contentRange(range, size));
                    send(exchange, channel, 206, range.first(), range.length(), head);
                }
                case ByteRange.Partial(var ranges) -> sendParts(exchange, channel, ranges, size, head);
                case ByteRange.Unsatisfiable unsatisfiable -> {
                    headers.set("Content-Range", "bytes */" + size);
                    sendEmpty(exchange, 416);
                }
            }
        }
    }

    /** If-Range: the range is honoured only for the version the client already has. */
    private static boolean rangeApplies(HttpExchange exchange, String etag, Instant modified) {
        var ifRange = exchange.getRequestHeaders().getFirst("If-Range");
        if (ifRange == null) {
            return true;
        }
        ifRange = ifRange.strip();
        return ifRange.startsWith("\"") ? ifRange.equals(etag) : ifRange.equals(HTTP_DATE.format(modified));
    }

    private static boolean notModified(HttpExchange exchange, String etag, Instant modified) {
        var requestHeaders = exchange.getRequestHeaders();
        var ifNoneMatch = requestHeaders.getFirst("If-None-Match");
        if (ifNoneMatch != null) {
            return ifNoneMatch.strip().equals("*") || ifNoneMatch.contains(etag);
        }
        var ifModifiedSince = requestHeaders.getFirst("If-Modified-Since");
        try {
            return ifModifiedSince != null && !modified.isAfter(Instant.from(HTTP_DATE.parse(ifModifiedSince.strip())));
        } catch (java.time.DateTimeException malformed) {
            return false;
        }
    }

    private void send(HttpExchange exchange, FileChannel channel, int status, long offset, long length, boolean head)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Length", Long.toString(length));
        if (head || length == 0) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, length);
        try (OutputStream out = exchange.getResponseBody()) {
            copy(channel, offset, length, out);
        }
    }

    /** Several ranges as one multipart/byteranges body (RFC 9110, section 14.6), its length known ahead. */
    private void sendParts(HttpExchange exchange, FileChannel channel, List<ByteRange> ranges, long size, boolean head)
            throws IOException {
        var boundary =
                "inetboot-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        var heads = new ArrayList<byte[]>();
        long length = 0;
        for (var range : ranges) {
            var partHead = ("\r\n--" + boundary + "\r\nContent-Type: application/octet-stream\r\nContent-Range: "
                            + contentRange(range, size) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            heads.add(partHead);
            length += partHead.length + range.length();
        }
        var tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        length += tail.length;
        exchange.getResponseHeaders().set("Content-Type", "multipart/byteranges; boundary=" + boundary);
        exchange.getResponseHeaders().set("Content-Length", Long.toString(length));
        if (head) {
            exchange.sendResponseHeaders(206, -1);
            return;
        }
        exchange.sendResponseHeaders(206, length);
        try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < ranges.size(); i++) {
                out.write(heads.get(i));
                copy(channel, ranges.get(i).first(), ranges.get(i).length(), out);
            }
            out.write(tail);
        }
    }

    private static String contentRange(ByteRange range, long size) {
        return "bytes " + range.first() + "-" + range.last() + "/" + size;
    }

    private void copy(FileChannel channel, long offset, long length, OutputStream out) throws IOException {
        var buffer = ByteBuffer.allocate((int) Math.min(BUFFER, length));
        long position = offset;
        long end = offset + length;
        while (position < end) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new IOException("file shrank while it was being served");
            }
            out.write(buffer.array(), 0, n);
            bytesSent.add(n);
            position += n;
        }
    }

    private static void sendEmpty(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
