package org.inetboot.iso;

/** A path that names nothing in the image (or goes through something that is not a directory). */
public final class IsoNotFoundException extends IsoFormatException {

    public IsoNotFoundException(String image, String path, long offset, String problem) {
        super(image, path, offset, problem);
    }
}
