package org.inetboot.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.inetboot.source.ImageChangedException;
import org.inetboot.source.ImageNotFoundException;
import org.inetboot.source.SourceException;
import org.inetboot.source.TransientSourceException;

/**
 * HTTP failures classified once, as one-line errors that name the image and the offset: those a
 * retry may cure are {@link TransientSourceException}s, the rest final. Shared by the probe, the
 * ranged reads and the whole download.
 */
final class HttpErrors {

    private static final Duration RESOLVER_WAIT = Duration.ofSeconds(2);
    private static final int RESOLVER_ATTEMPTS = 3;

    private HttpErrors() {}

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
            return new ImageChangedException(
                    name, offset, "Last-Modified " + info.lastModified() + " became " + modified);
        }
        var range = ContentRange.parse(headers.firstValue("Content-Range").orElse(null));
        if (range.isPresent() && range.get().total() >= 0 && range.get().total() != size) {
            return new ImageChangedException(
                    name, offset, "its size " + size + " became " + range.get().total());
        }
        return null;
    }

    /** The error for a status other than the expected one: transient where a retry may help. */
    static SourceException statusError(String name, long offset, int status, HttpHeaders headers) {
        var problem = "HTTP " + status + describe(status);
        if (isTransient(status)) {
            return new TransientSourceException(
                    name, offset, problem, retryAfter(headers).orElse(null), null);
        }
        if (status == 404 || status == 410) {
            return new ImageNotFoundException(name, offset, problem);
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
            return new TransientSourceException(
                    name, offset, "cannot resolve the host name (DNS)", RESOLVER_WAIT, RESOLVER_ATTEMPTS, e);
        }
        if (e instanceof ConnectException) {
            // the JDK's client reports a refused connection without a message
            return new TransientSourceException(name, offset, "cannot connect: " + message(e, "connection refused"), e);
        }
        if (e instanceof InterruptedIOException) {
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

    /** Statuses where asking again later may help. */
    static boolean isTransient(int status) {
        return status == 408 || status == 429 || status >= 500;
    }
}
