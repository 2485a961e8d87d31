package org.inetboot.metalink;

import java.io.IOException;

/** A well-formed document that is no usable Metalink 4 manifest; the message names it and the element. */
public final class MetalinkFormatException extends IOException {

    public MetalinkFormatException(String where, String problem) {
        super(where + ": " + problem);
    }
}
