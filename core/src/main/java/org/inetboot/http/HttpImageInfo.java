package org.inetboot.http;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * What a server told us about an image before the first read.
 *
 * @param url          the URL as given
 * @param finalUrl     where the redirects (if any) ended; all reads go there
 * @param etag         the ETag, or null
 * @param lastModified the Last-Modified date as sent, or null
 * @param rangeSupport whether the server answers range requests with 206
 * @param httpVersion  "HTTP/1.1" or "HTTP/2"
 * @param links        the response's {@code Link} headers (RFC 6249 mirrors and manifest)
 * @param sha256       the whole image's SHA-256 in hex from {@code Repr-Digest} or {@code Digest}, or null
 */
public record HttpImageInfo(
        URI url,
        URI finalUrl,
        long size,
        String etag,
        String lastModified,
        boolean rangeSupport,
        String httpVersion,
        List<Link> links,
        String sha256) {

    public HttpImageInfo {
        links = List.copyOf(links);
    }

    /** The same, from a server found to ignore ranges whatever it advertised. */
    public HttpImageInfo withoutRanges() {
        return new HttpImageInfo(url, finalUrl, size, etag, lastModified, false, httpVersion, links, sha256);
    }

    /** The Metalink the server says describes the image ({@code rel=describedby}, RFC 6249). */
    public Optional<URI> describedBy() {
        return links.stream()
                .filter(link -> link.is("describedby")
                        && link.param("type").orElse("").equalsIgnoreCase("application/metalink4+xml"))
                .map(Link::target)
                .findFirst();
    }

    /** The mirrors the server names ({@code rel=duplicate}, RFC 6249). */
    public List<Link> duplicates() {
        return links.stream().filter(link -> link.is("duplicate")).toList();
    }

    /** A validator that names exactly one version of the image, for If-Range and for caches. */
    public String validator() {
        if (etag != null && !etag.startsWith("W/")) {
            return etag;
        }
        return lastModified;
    }
}
