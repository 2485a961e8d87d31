package org.inetboot.source;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure that may go away when the same read is tried again: a reset connection, a
 * truncated body, a stalled transfer, 408, 429 or 5xx.
 */
public final class TransientSourceException extends SourceException {

    private final Duration retryAfter;

    public TransientSourceException(String name, long offset, String problem, Duration retryAfter, Throwable cause) {
        super(name, offset, problem, cause);
        this.retryAfter = retryAfter;
    }

    public TransientSourceException(String name, long offset, String problem, Throwable cause) {
        this(name, offset, problem, null, cause);
    }

    /** How long the server asked us to wait before trying again, if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
