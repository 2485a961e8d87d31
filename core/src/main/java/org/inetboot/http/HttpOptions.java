package org.inetboot.http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How InetBoot talks to web servers.
 *
 * @param connectTimeout         how long to wait for a TCP (and TLS) connection
 * @param stallTimeout           how long a response may send nothing before it is abandoned; also the window
 *                               over which {@code minRate} is measured
 * @param minRate                bytes per second a response body must at least deliver in every window
 * @param maxRequestsPerOrigin   requests in flight to one scheme://host:port at once
 * @param maxRedirects           redirects followed from the URL given to the final one
 * @param extraCaCertificates    PEM files of CAs trusted besides the platform's trust store
 */
public record HttpOptions(
        Duration connectTimeout,
        Duration stallTimeout,
        long minRate,
        int maxRequestsPerOrigin,
        int maxRedirects,
        List<Path> extraCaCertificates) {

    public static final HttpOptions DEFAULT =
            new HttpOptions(Duration.ofSeconds(10), Duration.ofSeconds(20), 1024, 6, 10, List.of());

    public HttpOptions {
        extraCaCertificates = List.copyOf(extraCaCertificates);
        if (maxRequestsPerOrigin < 1) {
            throw new IllegalArgumentException("at least one request per origin");
        }
    }

    public HttpOptions withStallTimeout(Duration timeout) {
        return new HttpOptions(
                connectTimeout, timeout, minRate, maxRequestsPerOrigin, maxRedirects, extraCaCertificates);
    }

    public HttpOptions withMinRate(long bytesPerSecond) {
        return new HttpOptions(
                connectTimeout, stallTimeout, bytesPerSecond, maxRequestsPerOrigin, maxRedirects, extraCaCertificates);
    }

    public HttpOptions withExtraCaCertificates(List<Path> files) {
        return new HttpOptions(connectTimeout, stallTimeout, minRate, maxRequestsPerOrigin, maxRedirects, files);
    }
}
