package org.inetboot.profile;

import java.io.IOException;

/** A trace or profile that cannot be read; the message names the file and the line or field. */
public final class ProfileFormatException extends IOException {

    public ProfileFormatException(String message) {
        super(message);
    }
}
