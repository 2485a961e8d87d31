package org.inetboot.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.ResponseInfo;
import java.nio.ByteBuffer;
import java.util.Optional;
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

    private final HttpTransport transport;
    private final HttpTransport.Exchanges exchanges;
    private final HttpImageInfo info;
    private final Stats stats;
    private volatile URI readUrl;
    private volatile boolean closed;

    private HttpSource(HttpTransport transport, HttpTransport.Exchanges exchanges, HttpImageInfo info, Stats stats) {
        this.transport = transport;
        this.exchanges = exchanges;
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
        var exchanges = new HttpTransport.Exchanges();
        var prober = new HttpProbe(url, transport, exchanges, testRanges, stats);
        return new HttpSource(transport, exchanges, retry.call(stats, prober::probe), stats);
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
                    throw new SourceException(
                            name(), offset, "more than " + hops + " redirects, last to " + redirect.target);
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
            transport.send(request.build(), response -> accept(url, response, dst, offset, length), exchanges);
        } catch (IOException e) {
            if (closed) { // cut by the close: nothing failed, nothing to retry
                throw new SourceException(name(), offset, "the image was closed during the read", e);
            }
            throw HttpErrors.classify(e, name(), offset);
        }
        stats.fetched(length);
    }

    /** Cuts the reads in flight, which fail without being retried. */
    @Override
    public void close() {
        closed = true;
        exchanges.cancel();
    }

    /** This image's requests, for the whole download to send its own among them. */
    HttpTransport.Exchanges exchanges() {
        return exchanges;
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
        if (HttpProbe.isRedirect(status) && location.isPresent()) {
            try {
                return new Redirected(name(), offset, HttpProbe.resolveRedirect(name(), url, location.get()));
            } catch (SourceException e) {
                return e;
            }
        }
        var changed = HttpErrors.changed(info, headers, offset);
        if (changed != null) {
            return changed;
        }
        if (status == 200) {
            return new SourceException(
                    name(),
                    offset,
                    "the server ignored the Range request (HTTP 200);"
                            + " --allow-whole-download would download the whole image instead");
        }
        if (status == 416) {
            return new SourceException(
                    name(),
                    offset,
                    "the server refused the range (HTTP 416, "
                            + headers.firstValue("Content-Range").orElse("no Content-Range") + ")");
        }
        return HttpErrors.statusError(name(), offset, status, headers);
    }

    private IOException checkPartial(HttpHeaders headers, long offset, int length) {
        var changed = HttpErrors.changed(info, headers, offset);
        if (changed != null) {
            return changed;
        }
        var header = headers.firstValue("Content-Range").orElse(null);
        var range = ContentRange.parse(header).orElse(null);
        if (range == null || range.first() != offset || range.length() != length || range.total() != size()) {
            return new SourceException(
                    name(),
                    offset,
                    "the server sent Content-Range '" + header + "' for bytes " + offset + "-" + (offset + length - 1)
                            + "/" + size());
        }
        var encoding = headers.firstValue("Content-Encoding").orElse("identity");
        if (!encoding.equalsIgnoreCase("identity")) {
            return new SourceException(
                    name(), offset, "the server sent an encoded body (Content-Encoding: " + encoding + ")");
        }
        var declared = headers.firstValueAsLong("Content-Length");
        if (declared.isPresent() && declared.getAsLong() != length) {
            return new SourceException(
                    name(),
                    offset,
                    "Content-Length " + declared.getAsLong() + " does not match the " + length + " bytes of the range");
        }
        return null;
    }
}
