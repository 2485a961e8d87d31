package org.inetboot.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Objects;
import org.inetboot.source.SourceException;
import org.inetboot.source.Stats;

/**
 * Follows redirects to an image and learns its size, validators and range support: HEAD first,
 * and a one-byte ranged GET when HEAD is refused, says no length, or {@code testRanges} asks for
 * proof of range support. Bodies are never read.
 */
record HttpProbe(URI url, HttpTransport transport, HttpTransport.Exchanges exchanges, boolean testRanges, Stats stats) {

    /** The image's size, validators and range support. */
    HttpImageInfo probe() throws IOException {
        var head = follow("HEAD");
        var headers = head.headers();
        long length = headers.firstValueAsLong("Content-Length").orElse(-1);
        if (head.statusCode() == 200 && length >= 0) {
            boolean ranges = headers.allValues("Accept-Ranges").stream().anyMatch(v -> v.equalsIgnoreCase("bytes"));
            var info = info(head, length, ranges);
            return ranges && !testRanges ? info : probeRange(info);
        }
        if (head.statusCode() == 404 || head.statusCode() == 410 || HttpErrors.isTransient(head.statusCode())) {
            throw HttpErrors.statusError(url.toString(), 0, head.statusCode(), headers);
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
                    .orElseThrow(() -> new SourceException(
                            url.toString(),
                            0,
                            "the server answered a request for byte 0 with Content-Range '"
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
        throw HttpErrors.statusError(url.toString(), 0, get.statusCode(), headers);
    }

    private HttpImageInfo info(HttpResponse<?> response, long size, boolean ranges) {
        var headers = response.headers();
        return new HttpImageInfo(
                url,
                response.uri(),
                size,
                headers.firstValue("ETag").orElse(null),
                headers.firstValue("Last-Modified").orElse(null),
                ranges,
                response.version() == HttpClient.Version.HTTP_2 ? "HTTP/2" : "HTTP/1.1",
                Link.parse(headers.allValues("Link"), response.uri()),
                sha256(headers));
    }

    /** The SHA-256 of {@code Repr-Digest: sha-256=:b64:} (RFC 9530) or {@code Digest: SHA-256=b64} (RFC 3230). */
    static String sha256(HttpHeaders headers) {
        var candidates = new ArrayList<String>();
        for (var value : headers.allValues("Repr-Digest")) {
            for (var member : value.split(",")) {
                var m = member.strip();
                if (m.regionMatches(true, 0, "sha-256=:", 0, 9) && m.endsWith(":") && m.length() > 10) {
                    candidates.add(m.substring(9, m.length() - 1));
                }
            }
        }
        for (var value : headers.allValues("Digest")) {
            for (var member : value.split(",")) {
                var m = member.strip();
                if (m.regionMatches(true, 0, "sha-256=", 0, 8)) {
                    candidates.add(m.substring(8));
                }
            }
        }
        for (var candidate : candidates) {
            try {
                var bytes = Base64.getDecoder().decode(candidate);
                if (bytes.length == 32) {
                    return HexFormat.of().formatHex(bytes);
                }
            } catch (IllegalArgumentException e) {
                // not base64: another candidate may be
            }
        }
        return null;
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
                response = transport.send(request.build(), r -> new DiscardingSubscriber(null), exchanges);
            } catch (IOException e) {
                throw HttpErrors.classify(e, url.toString(), 0);
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

    /** Where a redirect from {@code base} leads; only http and https are followed. */
    static URI resolveRedirect(String name, URI base, String location) throws SourceException {
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

    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }
}
