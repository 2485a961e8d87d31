package org.inetboot.initramfs;

import java.io.IOException;
import org.inetboot.source.Source;

/**
 * The length of a zstd frame, read from its headers without decompressing (RFC 8878 section 3.1):
 * the zstd library reads ahead, so the frame's end is found here, and the library is given
 * exactly the frame.
 */
final class ZstdFrames {

    private ZstdFrames() {}

    static long length(Source source, long offset, String where) throws IOException {
        int descriptor = byteAt(source, offset + 4, where);
        int sizeFlag = descriptor >>> 6;
        boolean singleSegment = (descriptor & 0x20) != 0;
        boolean checksum = (descriptor & 0x04) != 0;
        int dictionaryBytes = new int[] {0, 1, 2, 4}[descriptor & 0x03];
        int contentSizeBytes = new int[] {singleSegment ? 1 : 0, 2, 4, 8}[sizeFlag];
        long at = offset + 5 + (singleSegment ? 0 : 1) + dictionaryBytes + contentSizeBytes;
        while (true) {
            var header = bytes(source, at, 3, where);
            int value = (header[0] & 0xff) | (header[1] & 0xff) << 8 | (header[2] & 0xff) << 16;
            boolean last = (value & 1) != 0;
            int type = (value >>> 1) & 3;
            int size = value >>> 3;
            if (type == 3) {
                throw new InitrdFormatException(where + ": zstd block with the reserved type at byte " + at);
            }
            at += 3 + (type == 1 ? 1 : size);
            if (last) {
                return at + (checksum ? 4 : 0) - offset;
            }
        }
    }

    private static int byteAt(Source source, long offset, String where) throws IOException {
        return bytes(source, offset, 1, where)[0] & 0xff;
    }

    private static byte[] bytes(Source source, long offset, int length, String where) throws IOException {
        if (offset + length > source.size()) {
            throw new InitrdFormatException(where + ": zstd frame truncated at byte " + offset);
        }
        return source.readBytes(offset, length);
    }
}
