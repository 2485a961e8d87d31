package org.inetboot.iso;

import org.inetboot.source.SourceException;

/** An ISO 9660 image that is malformed or hostile; the message names the image, the path in it and the byte offset. */
public class IsoFormatException extends SourceException {

    public IsoFormatException(String image, String path, long offset, String problem) {
        super(image + ": " + path + " at byte " + offset + ": " + problem, null);
    }
}
