package org.inetboot.source;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A failure that may go away when the same read is tried again: a reset connection, a
 * truncated body, a stalled transfer, 408, 429 or 5xx.
 */
public final class TransientSourceException extends SourceException {

    private final Duration retryAfter;
    private final int attemptLimit;

    /**
     * @param retryAfter   how long to wait before the next attempt (null: the policy's backoff)
     * @param attemptLimit the most attempts a failure of this kind deserves (0: as many as the policy allows)
     */
    public TransientSourceException(
            String name, long offset, String problem, Duration retryAfter, int attemptLimit, Throwable cause) {
        super(name, offset, problem, cause);
        this.retryAfter = retryAfter;
        this.attemptLimit = attemptLimit;
    }

    public TransientSourceException(String name, long offset, String problem, Duration retryAfter, Throwable cause) {
        this(name, offset, problem, retryAfter, 0, cause);
    }

    public TransientSourceException(String name, long offset, String problem, Throwable cause) {
        this(name, offset, problem, null, 0, cause);
    }

    /** The most attempts worth making for this failure, when fewer than a policy's. */
    public OptionalInt attemptLimit() {
        return attemptLimit > 0 ? OptionalInt.of(attemptLimit) : OptionalInt.empty();
    }

    /** How long the server asked us to wait before trying again, if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
