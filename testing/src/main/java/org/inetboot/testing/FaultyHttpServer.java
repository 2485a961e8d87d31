package org.inetboot.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * An HTTP/1.1 server that serves one image at {@code /image} correctly (HEAD, Range, ETag,
 * If-Range, keep-alive) until told to misbehave: each queued {@link Fault} spoils one ranged GET
 * (or, when ranges are off, one GET without a Range header: {@link Fault#SHORT_BODY} only),
 * and switches make it refuse HEAD, ignore ranges, ignore If-Range or change the image. It also
 * redirects {@code /redirect/N} through N hops to the image, and {@code /loop} to itself via
 * {@code /loop2}.
 */
public final class FaultyHttpServer implements AutoCloseable {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");

    private final ServerSocket listener;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Queue<Fault> faults = new ConcurrentLinkedQueue<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicInteger rangedGets = new AtomicInteger();
    private volatile byte[] content;
    private volatile String etag;
    private volatile boolean headAllowed = true;
    private volatile boolean rangesSupported = true;
    private volatile boolean ifRangeHonoured = true;
    private volatile Fault always;

    public FaultyHttpServer(byte[] content) throws IOException {
        this.content = content;
        this.etag = "\"v1\"";
        this.listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        threads.execute(this::acceptLoop);
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort() + path);
    }

    /** The next ranged GETs, one each, get these faults. */
    public void enqueue(Fault... next) {
        faults.addAll(java.util.List.of(next));
    }

    /** Every ranged GET gets this fault (null: none), after the queued ones. */
    public void always(Fault fault) {
        this.always = fault;
    }

    public void refuseHead(boolean refuse) {
        headAllowed = !refuse;
    }

    public void supportRanges(boolean support) {
        rangesSupported = support;
    }

    public void honourIfRange(boolean honour) {
        ifRangeHonoured = honour;
    }

    /** Publishes a new version of the image under a new ETag. */
    public void replace(byte[] newContent, String newEtag) {
        content = newContent;
        etag = newEtag;
    }

    /** Ranged GETs of the image received so far. */
    public int rangedGets() {
        return rangedGets.get();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                var socket = listener.accept();
                connections.add(socket);
                threads.execute(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            var in = new BufferedInputStream(socket.getInputStream());
            var out = socket.getOutputStream();
            for (var request = Request.read(in); request != null; request = Request.read(in)) {
                if (!respond(request, socket, out)) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away or the test is over
        } finally {
            connections.remove(socket);
        }
    }

    /** Answers one request; false when the connection must end. */
    private boolean respond(Request request, Socket socket, OutputStream out) throws IOException, InterruptedException {
        var path = request.path();
        if (path.startsWith("/redirect/")) {
            int hops = Integer.parseInt(path.substring("/redirect/".length()));
            var status = new int[] {301, 302, 307, 308}[hops % 4];
            return head(out, status, Map.of("Location", hops == 0 ? "/image" : "/redirect/" + (hops - 1)), 0);
        }
        if (path.equals("/loop") || path.equals("/loop2")) {
            return head(out, 302, Map.of("Location", path.equals("/loop") ? "/loop2" : "/loop"), 0);
        }
        if (!path.equals("/image")) {
            return head(out, 404, Map.of(), 0);
        }
        var bytes = content;
        var headers =
                new TreeMap<String, String>(Map.of("ETag", etag, "Last-Modified", "Tue, 01 Apr 2008 00:00:00 GMT"));
        if (rangesSupported) {
            headers.put("Accept-Ranges", "bytes");
        }
        if (request.method().equals("HEAD")) {
            return headAllowed ? head(out, 200, headers, bytes.length) : head(out, 405, Map.of(), 0);
        }
        var range = request.header("range") == null ? null : RANGE.matcher(request.header("range"));
        var ifRange = request.header("if-range");
        if (!rangesSupported
                || range == null
                || !range.matches()
                || (ifRangeHonoured && ifRange != null && !ifRange.equals(etag))) {
            head(out, 200, headers, bytes.length);
            boolean cut = !rangesSupported && range == null && faults.remove(Fault.SHORT_BODY);
            out.write(bytes, 0, cut ? bytes.length / 2 : bytes.length);
            return !cut;
        }
        rangedGets.incrementAndGet();
        var fault = faults.poll();
        long first = Long.parseLong(range.group(1));
        long last = Math.min(Long.parseLong(range.group(2)), bytes.length - 1);
        return partial(
                out, socket, headers, bytes, (int) first, (int) (last - first + 1), fault != null ? fault : always);
    }

    private boolean partial(
            OutputStream out,
            Socket socket,
            Map<String, String> headers,
            byte[] bytes,
            int first,
            int length,
            Fault fault)
            throws IOException, InterruptedException {
        var contentRange = "bytes " + first + "-" + (first + length - 1) + "/" + bytes.length;
        if (fault == null) {
            headers.put("Content-Range", contentRange);
            head(out, 206, headers, length);
            out.write(bytes, first, length);
            return true;
        }
        switch (fault) {
            case FULL_200 -> {
                head(out, 200, headers, bytes.length);
                out.write(bytes);
                return true;
            }
            case WRONG_CONTENT_RANGE -> {
                headers.put("Content-Range", "bytes " + (first + 1) + "-" + (first + length) + "/" + bytes.length);
                head(out, 206, headers, length);
                out.write(bytes, first, length);
                return true;
            }
            case STALL_BEFORE_HEADERS -> {
                closed.await();
                return false;
            }
            case REDIRECT -> {
                return head(out, 302, Map.of("Location", "/redirect/0"), 0);
            }
            case UNAVAILABLE_503 -> {
                return head(out, 503, Map.of(), 0);
            }
            case RETRY_AFTER_503 -> {
                return head(out, 503, Map.of("Retry-After", "1"), 0);
            }
            case TRICKLE -> {
                headers.put("Content-Range", contentRange);
                head(out, 206, headers, length);
                for (int i = 0; i < length && closed.getCount() > 0; i++) {
                    out.write(bytes[first + i]);
                    out.flush();
                    Thread.sleep(100);
                }
                return false;
            }
            case LONG_BODY -> {
                headers.put("Content-Range", contentRange);
                head(out, 206, headers, length + 1024);
                out.write(bytes, first, length);
                out.write(new byte[1024]);
                return true;
            }
            default -> {
                headers.put("Content-Range", contentRange);
                head(out, 206, headers, length);
                out.write(bytes, first, length / 2);
                out.flush();
                if (fault == Fault.STALL) {
                    closed.await();
                } else if (fault == Fault.RESET_MID_BODY) {
                    socket.setSoLinger(true, 0);
                }
                return false;
            }
        }
    }

    private static boolean head(OutputStream out, int status, Map<String, String> headers, long length)
            throws IOException {
        var text = new StringBuilder("HTTP/1.1 ").append(status).append(" Whatever\r\n");
        headers.forEach(
                (name, value) -> text.append(name).append(": ").append(value).append("\r\n"));
        text.append("Content-Length: ").append(length).append("\r\n\r\n");
        out.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return true;
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        listener.close();
        for (var socket : connections) {
            socket.close();
        }
        threads.shutdownNow();
    }

    /** A request line and its headers (names in lower case); bodies are not expected. */
    private record Request(String method, String path, Map<String, String> headers) {

        static Request read(InputStream in) throws IOException {
            var line = line(in);
            if (line == null || line.isEmpty()) {
                return null;
            }
            var parts = line.split(" ");
            var headers = new TreeMap<String, String>();
            for (var header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                headers.put(
                        header.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        header.substring(colon + 1).strip());
            }
            return new Request(parts[0], URI.create(parts[1]).getPath(), headers);
        }

        String header(String name) {
            return headers.get(name);
        }

        private static String line(InputStream in) throws IOException {
            var bytes = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.ISO_8859_1);
                }
                if (b != '\r') {
                    bytes.write(b);
                }
            }
            return bytes.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
