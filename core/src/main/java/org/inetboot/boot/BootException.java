package org.inetboot.boot;

import java.io.IOException;

/** A boot that cannot go on: no usable entry, a kexec the kernel refuses. The message says why in one line. */
public final class BootException extends IOException {

    public BootException(String message) {
        super(message);
    }

    public BootException(String message, Throwable cause) {
        super(message, cause);
    }
}
