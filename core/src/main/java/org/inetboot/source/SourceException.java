package org.inetboot.source;

import java.io.IOException;

/** A read that failed for good; the message names the image and the offset. */
public class SourceException extends IOException {

    public SourceException(String name, long offset, String problem) {
        this(name, offset, problem, null);
    }

    public SourceException(String name, long offset, String problem, Throwable cause) {
        super(name + " at offset " + offset + ": " + problem, cause);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
