package org.inetboot.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.ResponseInfo;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.inetboot.source.ImageChangedException;
import org.inetboot.source.RetryPolicy;
import org.inetboot.source.Source;
import org.inetboot.source.SourceException;
import org.inetboot.source.Stats;
import org.inetboot.source.TransientSourceException;

/**
 * An image on a web server, read with one Range request per read.
 *
 * <p>No response is trusted: a read accepts only a 206 whose {@code Content-Range} is exactly the
 * requested range of an image of the probed size, with exactly that many body bytes, and with
 * the probed ETag and Last-Modified when the server sends them. Every request carries
 * {@code If-Range}, so a changed image answers 200 and is reported, never mixed with the old one.
 * A read that the server redirects follows the redirect (the 206 at its end is checked the same
 * way) and later reads go where it led. Transient failures surface as {@link
 * TransientSourceException} for a retry layer above.
 */
public final class HttpSource implements Source {

    private static final Duration RESOLVER_WAIT = Duration.ofSeconds(2);
    private static final int RESOLVER_ATTEMPTS = 3;

    private final HttpTransport transport;
    private final HttpImageInfo info;
    private final Stats stats;
    private volatile URI readUrl;
    private volatile boolean closed;

    private HttpSource(HttpTransport transport, HttpImageInfo info, Stats stats) {
        this.transport = transport;
        this.info = info;
        this.stats = stats;
        this.readUrl = info.finalUrl();
    }

    /**
     * Probes the image (size, validators, range support), retrying transient failures. With
     * {@code testRanges}, a ranged GET checks range support even when HEAD advertises it.
     */
    public static HttpSource open(URI url, HttpTransport transport, RetryPolicy retry, boolean testRanges, Stats stats)
            throws IOException {
        var prober = new Prober(url, transport, testRanges, stats);
        return new HttpSource(transport, retry.call(stats, prober::probe), stats);
    }

    public HttpImageInfo info() {
        return info;
    }

    @Override
    public long size() {
        return info.size();
    }

    @Override
    public String name() {
        return info.url().toString();
    }

    @Override
    public Optional<String> version() {
        return Optional.ofNullable(info.validator());
    }

    @Override
    public void read(ByteBuffer dst, long offset) throws IOException {
        Source.checkRange(this, offset, dst.remaining());
        if (!dst.hasRemaining()) {
            return;
        }
        if (!info.rangeSupport()) {
            throw new SourceException(name(), offset, "the server does not support range requests");
        }
        var url = readUrl;
        for (int hops = 0; ; hops++) {
            try {
                read(url, dst, offset);
                readUrl = url;
                return;
            } catch (Redirected redirect) {
                if (hops >= transport.options().maxRedirects()) {
                    throw new SourceException(name(), offset, "more than " + hops + " redirects, last to " + redirect.target);
                }
                url = redirect.target;
            }
        }
    }

    private void read(URI url, ByteBuffer dst, long offset) throws IOException {
        int length = dst.remaining();
        var request = transport.request(url).header("Range", "bytes=" + offset + "-" + (offset + length - 1));
        version().ifPresent(v -> request.header("If-Range", v));
        stats.request();
        try {
            transport.send(request.build(), response -> accept(url, response, dst, offset, length));
        } catch (IOException e) {
            if (closed) { // cut by the close: nothing failed, nothing to retry
                throw new SourceException(name(), offset, "the image was closed during the read", e);
            }
            throw classify(e, name(), offset);
        }
        stats.fetched(length);
    }

    /** Reads in flight, cut when the transport closes after this, fail without being retried. */
    @Override
    public void close() {
        closed = true;
    }

    /** A read answered with a redirect: where to ask again. */
    private static final class Redirected extends SourceException {
        final URI target;

        Redirected(String name, long offset, URI target) {
            super(name, offset, "redirected to " + target);
            this.target = target;
        }
    }

    /** Checks a response's status and headers before a single body byte is taken. */
    private BodySubscriber<Void> accept(URI url, ResponseInfo response, ByteBuffer dst, long offset, int length) {
        var problem = check(url, response, offset, length);
        if (problem != null) {
            return new DiscardingSubscriber(problem);
        }
        return transport.exactBody(name(), offset, length, dst::put);
    }

    private IOException check(URI url, ResponseInfo response, long offset, int length) {
        var headers = response.headers();
        int status = response.statusCode();
        if (status == 206) {
            return checkPartial(headers, offset, length);
        }
        var location = headers.firstValue("Location");
        if (isRedirect(status) && location.isPresent()) {
            try {
                return new Redirected(name(), offset, resolveRedirect(name(), url, location.get()));
            } catch (SourceException e) {
                return e;
            }
        }
        var changed = changed(info, headers, offset);
        if (changed != null) {
            return changed;
        }
        if (status == 200) {
            return new SourceException(name(), offset, "the server ignored the Range request (HTTP 200);"
                    + " --allow-whole-download would download the whole image instead");
        }
        if (status == 416) {
            return new SourceException(name(), offset, "the server refused the range (HTTP 416, "
                    + headers.firstValue("Content-Range").orElse("no Content-Range") + ")");
        }
        return statusError(name(), offset, status, headers);
    }

    private IOException checkPartial(HttpHeaders headers, long offset, int length) {
        var changed = changed(info, headers, offset);
        if (changed != null) {
            return changed;
        }
        var header = headers.firstValue("Content-Range").orElse(null);
        var range = ContentRange.parse(header).orElse(null);
        if (range == null || range.first() != offset || range.length() != length || range.total() != size()) {
            return new SourceException(name(), offset, "the server sent Content-Range '" + header
                    + "' for bytes " + offset + "-" + (offset + length - 1) + "/" + size());
        }
        var encoding = headers.firstValue("Content-Encoding").orElse("identity");
        if (!encoding.equalsIgnoreCase("identity")) {
            return new SourceException(name(), offset, "the server sent an encoded body (Content-Encoding: " + encoding + ")");
        }
        var declared = headers.firstValueAsLong("Content-Length");
        if (declared.isPresent() && declared.getAsLong() != length) {
            return new SourceException(name(), offset, "Content-Length " + declared.getAsLong()
                    + " does not match the " + length + " bytes of the range");
        }
        return null;
    }

    /** An error when the response names another version of the image than the probe did. */
    static IOException changed(HttpImageInfo info, HttpHeaders headers, long offset) {
        var name = info.url().toString();
        long size = info.size();
        var etag = headers.firstValue("ETag").orElse(null);
        if (info.etag() != null && etag != null && !etag.equals(info.etag())) {
            return new ImageChangedException(name, offset, "ETag " + info.etag() + " became " + etag);
        }
        var modified = headers.firstValue("Last-Modified").orElse(null);
        if (info.lastModified() != null && modified != null && !modified.equals(info.lastModified())) {
            return new ImageChangedException(name, offset,
                    "Last-Modified " + info.lastModified() + " became " + modified);
        }
        var range = ContentRange.parse(headers.firstValue("Content-Range").orElse(null));
        if (range.isPresent() && range.get().total() >= 0 && range.get().total() != size) {
            return new ImageChangedException(name, offset, "its size " + size + " became " + range.get().total());
        }
        return null;
    }

    /** The error for a status other than the expected one: transient where a retry may help. */
    static SourceException statusError(String name, long offset, int status, HttpHeaders headers) {
        var problem = "HTTP " + status + describe(status);
        if (status == 408 || status == 429 || status >= 500) {
            return new TransientSourceException(name, offset, problem, retryAfter(headers).orElse(null), null);
        }
        return new SourceException(name, offset, problem);
    }

    private static String describe(int status) {
        return switch (status) {
            case 401, 403 -> " (access denied)";
            case 404, 410 -> " (not found)";
            case 429 -> " (too many requests)";
            case 503 -> " (service unavailable)";
            default -> "";
        };
    }

    static Optional<Duration> retryAfter(HttpHeaders headers) {
        var value = headers.firstValue("Retry-After").map(String::strip).orElse(null);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
        } catch (NumberFormatException notSeconds) {
            try {
                var when = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                var wait = Duration.between(ZonedDateTime.now(when.getZone()), when);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    /** Turns what the JDK client threw into one of ours: our own errors unwrapped, the rest classified. */
    static IOException classify(IOException e, String name, long offset) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SourceException ours) {
                return ours;
            }
        }
        if (e instanceof HttpConnectTimeoutException) {
            return new TransientSourceException(name, offset, "connection timed out", e);
        }
        if (e instanceof HttpTimeoutException) {
            return new TransientSourceException(name, offset, "no response in time", e);
        }
        if (e instanceof SSLException) {
            return new SourceException(name, offset, "TLS failed: " + e.getMessage(), e);
        }
        if (causedBy(e, UnresolvedAddressException.class) || causedBy(e, UnknownHostException.class)) {
            // worth a few seconds (a resolver restarting, a network just configured), not minutes
            return new TransientSourceException(name, offset, "cannot resolve the host name (DNS)", RESOLVER_WAIT,
                    RESOLVER_ATTEMPTS, e);
        }
        if (e instanceof ConnectException) {
            // the JDK's client reports a refused connection without a message
            return new TransientSourceException(name, offset, "cannot connect: " + message(e, "connection refused"), e);
        }
        if (e instanceof java.io.InterruptedIOException) {
            return e;
        }
        return new TransientSourceException(name, offset, "the connection failed: " + message(e), e);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String message(Throwable e) {
        return message(e, e.getClass().getSimpleName());
    }

    /** The first message along the causes, else {@code otherwise}. */
    private static String message(Throwable e, String otherwise) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return otherwise;
    }

    /** Where a redirect from {@code base} leads; only http and https are followed. */
    private static URI resolveRedirect(String name, URI base, String location) throws SourceException {
        try {
            var next = base.resolve(location);
            if (!Objects.equals(next.getScheme(), "http") && !Objects.equals(next.getScheme(), "https")) {
                throw new SourceException(name, 0, "redirect to an unsupported URL " + location);
            }
            return next;
        } catch (IllegalArgumentException e) {
            throw new SourceException(name, 0, "redirect to a malformed URL " + location);
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** Follows redirects to the image and learns its size, validators and range support. */
    private record Prober(URI url, HttpTransport transport, boolean testRanges, Stats stats) {

        HttpImageInfo probe() throws IOException {
            var head = follow("HEAD");
            var headers = head.headers();
            long length = headers.firstValueAsLong("Content-Length").orElse(-1);
            if (head.statusCode() == 200 && length >= 0) {
                boolean ranges = headers.allValues("Accept-Ranges").stream().anyMatch(v -> v.equalsIgnoreCase("bytes"));
                var info = info(head, length, ranges);
                return ranges && !testRanges ? info : probeRange(info);
            }
            if (head.statusCode() == 404 || head.statusCode() == 410 || isTransient(head.statusCode())) {
                throw statusError(url.toString(), 0, head.statusCode(), headers);
            }
            return probeRange(null); // HEAD refused or without a length: ask for one byte instead
        }

        /** A one-byte ranged GET: the only sure test of range support. */
        private HttpImageInfo probeRange(HttpImageInfo fromHead) throws IOException {
            var get = follow("GET");
            var headers = get.headers();
            if (get.statusCode() == 206) {
                var range = ContentRange.parse(headers.firstValue("Content-Range").orElse(null))
                        .filter(r -> r.first() == 0 && r.last() == 0 && r.total() > 0)
                        .orElseThrow(() -> new SourceException(url.toString(), 0, "the server answered a request for byte 0 with Content-Range '"
                                + headers.firstValue("Content-Range").orElse("") + "'"));
                return info(get, range.total(), true);
            }
            if (get.statusCode() == 200) {
                long length = headers.firstValueAsLong("Content-Length").orElse(-1);
                if (length < 0 && fromHead == null) {
                    throw new SourceException(url.toString(), 0, "the server tells neither the size nor supports ranges");
                }
                return fromHead != null ? fromHead.withoutRanges() : info(get, length, false);
            }
            throw statusError(url.toString(), 0, get.statusCode(), headers);
        }

        private HttpImageInfo info(HttpResponse<?> response, long size, boolean ranges) {
            var headers = response.headers();
            return new HttpImageInfo(url, response.uri(), size, headers.firstValue("ETag").orElse(null),
                    headers.firstValue("Last-Modified").orElse(null), ranges,
                    response.version() == HttpClient.Version.HTTP_2 ? "HTTP/2" : "HTTP/1.1");
        }

        /** Sends HEAD, or a GET for byte 0, through redirects; bodies are never read. */
        private HttpResponse<Void> follow(String method) throws IOException {
            var seen = new HashSet<URI>();
            var target = url;
            for (int hops = 0; ; hops++) {
                if (!seen.add(target)) {
                    throw new SourceException(url.toString(), 0, "redirect loop at " + target);
                }
                var request = transport.request(target);
                if (method.equals("HEAD")) {
                    request.method("HEAD", HttpRequest.BodyPublishers.noBody());
                } else {
                    request.header("Range", "bytes=0-0");
                }
                stats.request();
                HttpResponse<Void> response;
                try {
                    response = transport.send(request.build(), r -> new DiscardingSubscriber(null));
                } catch (IOException e) {
                    throw classify(e, url.toString(), 0);
                }
                var location = response.headers().firstValue("Location");
                if (!isRedirect(response.statusCode()) || location.isEmpty()) {
                    return response;
                }
                if (hops >= transport.options().maxRedirects()) {
                    throw new SourceException(url.toString(), 0, "more than " + hops + " redirects");
                }
                target = resolveRedirect(url.toString(), target, location.get());
            }
        }

        private static boolean isTransient(int status) {
            return status == 408 || status == 429 || status >= 500;
        }
    }
}
