package org.inetboot.iso;

import java.nio.charset.StandardCharsets;

/** Reading ISO 9660 numbers and strings out of a byte array, with bounds checked by the caller's record. */
final class Fields {

    private Fields() {}

    static int u8(byte[] b, int at) {
        return b[at] & 0xff;
    }

    static int le16(byte[] b, int at) {
        return u8(b, at) | u8(b, at + 1) << 8;
    }

    static long le32(byte[] b, int at) {
        return (le16(b, at) | (long) le16(b, at + 2) << 16) & 0xffffffffL;
    }

    static long le64(byte[] b, int at) {
        return le32(b, at) | le32(b, at + 4) << 32;
    }

    /** A both-endian 32-bit number: the little-endian half, as Linux reads it. */
    static long both32(byte[] b, int at) {
        return le32(b, at);
    }

    static String ascii(byte[] b, int at, int length) {
        return new String(b, at, length, StandardCharsets.ISO_8859_1);
    }

    /** A space-padded identifier, trimmed. */
    static String identifier(byte[] b, int at, int length) {
        return ascii(b, at, length).strip();
    }
}
