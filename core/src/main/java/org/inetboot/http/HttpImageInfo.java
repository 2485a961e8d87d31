package org.inetboot.http;

import java.net.URI;

/**
 * What a server told us about an image before the first read.
 *
 * @param url          the URL as given
 * @param finalUrl     where the redirects (if any) ended; all reads go there
 * @param etag         the ETag, or null
 * @param lastModified the Last-Modified date as sent, or null
 * @param rangeSupport whether the server answers range requests with 206
 * @param httpVersion  "HTTP/1.1" or "HTTP/2"
 */
public record HttpImageInfo(
        URI url, URI finalUrl, long size, String etag, String lastModified, boolean rangeSupport, String httpVersion) {

    /** The same, from a server found to ignore ranges whatever it advertised. */
    public HttpImageInfo withoutRanges() {
        return new HttpImageInfo(url, finalUrl, size, etag, lastModified, false, httpVersion);
    }

    /** A validator that names exactly one version of the image, for If-Range and for caches. */
    public String validator() {
        if (etag != null && !etag.startsWith("W/")) {
            return etag;
        }
        return lastModified;
    }
}
