package org.inetboot.mirrors;

import org.inetboot.source.SourceException;

/** A piece whose bytes do not match the manifest's SHA-256: that server must not be asked again. */
public final class BadPieceException extends SourceException {

    private final int piece;

    public BadPieceException(String name, int piece, long offset, int length) {
        super(
                name,
                offset,
                "piece " + piece + " (bytes " + offset + "-" + (offset + length - 1)
                        + ") does not match its SHA-256 in the manifest");
        this.piece = piece;
    }

    public int piece() {
        return piece;
    }
}
