package org.inetboot.image;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.inetboot.source.ImageNotFoundException;
import org.inetboot.source.RetryPolicy;
import org.inetboot.source.Stats;

/**
 * Small files that travel with an image (a boot profile, a manifest, its signature), read whole
 * through the same transport, with a quick retry: they are worth a moment, not an image's minutes
 * of retries. A file larger than {@code maxBytes} is refused before it is read.
 */
final class Documents {

    private static final RetryPolicy QUICK = new RetryPolicy(2, Duration.ofMillis(250), Duration.ofSeconds(1));

    private Documents() {}

    static byte[] read(String location, OpenOptions options, long maxBytes, String what) throws IOException {
        try (var file = Image.openPlain(location, options.withRetry(QUICK).withProfile(null), new Stats())) {
            long size = file.source().size();
            if (size > maxBytes) {
                throw new IOException(location + ": " + size + " bytes, more than any " + what + "'s " + maxBytes);
            }
            return file.source().readBytes(0, (int) size);
        }
    }

    /** The file, or empty when the server (or the disk) has none. */
    static Optional<byte[]> readIfPresent(String location, OpenOptions options, long maxBytes, String what)
            throws IOException {
        try {
            return Optional.of(read(location, options, maxBytes, what));
        } catch (ImageNotFoundException e) {
            return Optional.empty();
        }
    }
}
