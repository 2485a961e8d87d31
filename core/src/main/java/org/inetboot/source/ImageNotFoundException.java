package org.inetboot.source;

/** The server has no such file (HTTP 404 or 410): what an optional companion file's absence looks like. */
public final class ImageNotFoundException extends SourceException {

    public ImageNotFoundException(String name, long offset, String problem) {
        super(name, offset, problem);
    }

    public ImageNotFoundException(String message) {
        super(message, null);
    }
}
