package org.inetboot.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import javax.net.ssl.SSLContext;
import org.inetboot.source.Priority;
import org.inetboot.source.SourceException;
import org.inetboot.source.TransientSourceException;

/**
 * How an image's reads reach web servers: TLS trust, timeouts, and a cap on the requests in
 * flight to each origin (the JDK client has none; over HTTP/2 it would exceed the server's stream
 * limit). Plain {@code http://} always uses HTTP/1.1: the JDK's h2c upgrade confuses some servers.
 * {@link Priority Background} work (prefetches, a profile's replay) goes through a second client
 * with connections of its own and half the cap: a demand read then finds an idle connection
 * instead of opening one (a round trip more over a WAN) or queueing behind a prefetch.
 *
 * <p>One per process for each set of options ({@link #shared}), so that images opened one after
 * another (a profile, then its image; a catalog, then an image) reuse connections instead of
 * paying a TCP and TLS handshake each over the WAN. An image's requests are its {@link Exchanges}:
 * closing the image cancels them, not the transport.
 */
public final class HttpTransport implements AutoCloseable {

    private static final Map<HttpOptions, HttpTransport> SHARED = new ConcurrentHashMap<>();

    /** The requests in flight for one image; {@link #cancel} aborts them and refuses later ones. */
    public static final class Exchanges {
        private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
        private volatile boolean cancelled;

        public void cancel() {
            cancelled = true;
            inFlight.forEach(exchange -> exchange.cancel(true));
        }

        boolean cancelled() {
            return cancelled;
        }
    }

    private final HttpOptions options;
    private final SSLContext ssl;
    private final HttpClient client;
    private HttpClient background; // made at the first background request: most opens never prefetch
    private final ScheduledExecutorService watchdog;
    private final Map<String, Semaphore> origins = new ConcurrentHashMap<>();
    private final Map<String, Semaphore> backgroundOrigins = new ConcurrentHashMap<>();

    public HttpTransport(HttpOptions options) throws IOException {
        this.options = options;
        this.ssl = TrustedCertificates.context(options.extraCaCertificates());
        this.client = client(options, ssl);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("http-stall-watchdog").factory());
    }

    private static HttpClient client(HttpOptions options, SSLContext ssl) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_2)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(options.connectTimeout())
                .sslContext(ssl)
                .build();
    }

    /** The process's transport for {@code options}, made at first use and never closed. */
    public static HttpTransport shared(HttpOptions options) throws IOException {
        try {
            return SHARED.computeIfAbsent(options, o -> {
                try {
                    return new HttpTransport(o);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    public HttpOptions options() {
        return options;
    }

    /** A body subscriber that takes exactly {@code length} bytes, or fails naming the image and offset. */
    ExactBodySubscriber exactBody(String name, long offset, long length, ExactBodySubscriber.Sink sink) {
        long window = options.stallTimeout().toSeconds();
        return new ExactBodySubscriber(
                length,
                sink,
                options.stallTimeout().toNanos(),
                options.minRate() * window,
                watchdog,
                got -> new TransientSourceException(
                        name,
                        offset,
                        got == 0
                                ? "the transfer stalled: no data for " + window + " s"
                                : "the transfer is too slow: " + got + " bytes in " + window + " s (--min-rate is "
                                        + options.minRate() + " bytes/s)",
                        null),
                got -> new TransientSourceException(
                        name, offset, "the response body ended after " + got + " of " + length + " bytes", null),
                new SourceException(
                        name, offset, "the response body is longer than the " + length + " bytes requested"));
    }

    /** A request builder with the right protocol version and header timeout for {@code uri}. */
    HttpRequest.Builder request(URI uri) {
        var builder =
                HttpRequest.newBuilder(uri).timeout(options.stallTimeout()).header("User-Agent", "InetBoot");
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            builder.version(HttpClient.Version.HTTP_1_1);
        }
        return builder;
    }

    /**
     * Sends within the origin's cap, as one of {@code exchanges}; the permit is held until the whole
     * body has arrived.
     */
    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, Exchanges exchanges)
            throws IOException {
        boolean behind = Priority.isBackground();
        int cap = behind ? Math.max(1, options.maxRequestsPerOrigin() / 2) : options.maxRequestsPerOrigin();
        var permits = (behind ? backgroundOrigins : origins)
                .computeIfAbsent(origin(request.uri()), o -> new Semaphore(cap, true));
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a connection to " + request.uri());
        }
        var exchange = (behind ? background() : client).sendAsync(request, handler);
        exchanges.inFlight.add(exchange);
        try {
            if (exchanges.cancelled()) {
                exchange.cancel(true);
            }
            return exchange.get();
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during a request to " + request.uri());
        } catch (CancellationException e) { // by Exchanges.cancel: the image was closed, nothing failed
            throw new IOException("the request to " + request.uri() + " was cancelled");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } finally {
            exchanges.inFlight.remove(exchange);
            permits.release();
        }
    }

    private synchronized HttpClient background() {
        if (background == null) {
            background = client(options, ssl);
        }
        return background;
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        client.shutdownNow();
        synchronized (this) {
            if (background != null) {
                background.shutdownNow();
            }
        }
    }
}
