package org.inetboot.initramfs;

import java.io.IOException;

/** An initrd that cannot be read; the message names the file, the member and the byte. */
public final class InitrdFormatException extends IOException {

    public InitrdFormatException(String message) {
        super(message);
    }
}
