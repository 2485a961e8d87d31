package org.inetboot.xml;

import java.io.IOException;

/** A document that is not well-formed XML, or that uses what {@link XmlReader} refuses. */
public final class XmlFormatException extends IOException {

    public XmlFormatException(String name, long offset, String problem) {
        super(name + " at offset " + offset + ": " + problem);
    }
}
