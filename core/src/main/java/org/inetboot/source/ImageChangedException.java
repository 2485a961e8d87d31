package org.inetboot.source;

/**
 * The image changed while it was being read. Never retried: mixing two versions would give
 * wrong bytes.
 */
public final class ImageChangedException extends SourceException {

    public ImageChangedException(String name, long offset, String problem) {
        super(name, offset, "the image changed while it was being read: " + problem);
    }
}
