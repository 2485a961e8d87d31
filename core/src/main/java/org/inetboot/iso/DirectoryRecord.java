package org.inetboot.iso;

import java.time.Instant;
import java.util.Arrays;

/**
 * One directory record, as ECMA-119 lays it out, with its System Use area's bounds.
 *
 * @param base          the image offset of {@code bytes[0]}
 * @param offset        the record's byte offset in the image
 * @param dataOffset    where its extent's data starts in the image (after any extended attribute record)
 * @param systemUseFrom where its System Use area starts inside {@code bytes}
 */
record DirectoryRecord(
        long base,
        long offset,
        long dataOffset,
        long dataLength,
        int flags,
        byte[] name,
        Instant recorded,
        byte[] bytes,
        int systemUseFrom,
        int systemUseTo) {

    static final int FLAG_HIDDEN = 0x01;
    static final int FLAG_DIRECTORY = 0x02;
    static final int FLAG_ASSOCIATED = 0x04;
    static final int FLAG_NOT_FINAL = 0x80;
    private static final int MIN_LENGTH = 34;

    /**
     * Parses the record at {@code pos} of a directory's bytes.
     *
     * @param base the image offset of {@code bytes[0]}
     */
    static DirectoryRecord parse(byte[] bytes, int pos, int end, long base, String image, String path)
            throws IsoFormatException {
        int length = Fields.u8(bytes, pos);
        if (length < MIN_LENGTH || pos + length > end) {
            throw new IsoFormatException(
                    image, path, base + pos, "directory record of " + length + " bytes does not fit");
        }
        int nameLength = Fields.u8(bytes, pos + 32);
        if (nameLength == 0 || 33 + nameLength > length) {
            throw new IsoFormatException(
                    image,
                    path,
                    base + pos,
                    "directory record name of " + nameLength + " bytes does not fit its record of " + length);
        }
        if (Fields.u8(bytes, pos + 26) != 0 || Fields.u8(bytes, pos + 27) != 0) {
            throw new IsoFormatException(image, path, base + pos, "interleaved files are not supported");
        }
        long extent = Fields.both32(bytes, pos + 2) + Fields.u8(bytes, pos + 1);
        int systemUseFrom = pos + 33 + nameLength + (nameLength % 2 == 0 ? 1 : 0);
        return new DirectoryRecord(
                base,
                base + pos,
                extent * IsoImage.SECTOR,
                Fields.both32(bytes, pos + 10),
                Fields.u8(bytes, pos + 25),
                Arrays.copyOfRange(bytes, pos + 33, pos + 33 + nameLength),
                IsoDates.shortForm(bytes, pos + 18),
                bytes,
                Math.min(systemUseFrom, pos + length),
                pos + length);
    }

    /** "." and ".." are recorded as the single bytes 0 and 1. */
    boolean isSelfOrParent() {
        return name.length == 1 && (name[0] == 0 || name[0] == 1);
    }

    boolean has(int flag) {
        return (flags & flag) != 0;
    }
}
