package org.inetboot.testing;

/** What {@link FaultyHttpServer} does wrong to one ranged GET. */
public enum Fault {
    /** Ignores the Range header: 200 and the whole file. */
    FULL_200,
    /** A 206 whose Content-Range names the range one byte later than asked. */
    WRONG_CONTENT_RANGE,
    /** Announces the full length but closes the connection after half of the body. */
    SHORT_BODY,
    /** Sends half of the body, then resets the connection (RST). */
    RESET_MID_BODY,
    /** Reads the request and never answers, keeping the connection open. */
    STALL_BEFORE_HEADERS,
    /** Sends the headers and half of the body, then nothing, keeping the connection open. */
    STALL,
    /** Sends the headers, then one byte of the body every 100 ms: never silent, never done. */
    TRICKLE,
    /** A 302 to {@code /redirect/0}, which leads back to the image: the image moved after the probe. */
    REDIRECT,
    /** 503 Service Unavailable. */
    UNAVAILABLE_503,
    /** 503 with {@code Retry-After: 1}. */
    RETRY_AFTER_503,
    /** A body one kilobyte longer than the range, with a Content-Length to match. */
    LONG_BODY
}
