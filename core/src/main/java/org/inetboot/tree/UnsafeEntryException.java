package org.inetboot.tree;

import java.io.IOException;

/** An entry that would be written outside the output directory or through a link; refused. */
public final class UnsafeEntryException extends IOException {

    public UnsafeEntryException(String message) {
        super(message);
    }
}
