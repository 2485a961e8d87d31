package org.inetboot.linux;

import java.io.IOException;

/** A system call's failure, with its errno for callers that expect some (EEXIST, EPERM). */
public final class ErrnoException extends IOException {

    public static final int EPERM = 1;
    public static final int ENOEXEC = 8;
    public static final int EEXIST = 17;
    public static final int EKEYREJECTED = 129;

    private final int errno;

    ErrnoException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
