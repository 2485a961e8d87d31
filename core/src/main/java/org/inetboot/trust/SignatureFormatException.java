package org.inetboot.trust;

import java.io.IOException;

/** A key or signature file that is not in minisign's format. */
public final class SignatureFormatException extends IOException {

    public SignatureFormatException(String name, String problem) {
        super(name + ": " + problem);
    }
}
