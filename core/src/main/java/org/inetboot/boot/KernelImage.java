package org.inetboot.boot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What an x86 bzImage says of itself. Its setup header ("HdrS" at 0x202) points, at 0x20e, to a
 * string that starts with the kernel's release (what {@code uname -r} will print), which names its
 * module directory.
 */
public final class KernelImage {

    private static final int HEADER_MAGIC = 0x53726448; // "HdrS", little-endian

    private KernelImage() {}

    /** The kernel's release, e.g. {@code 6.1.0-28-amd64}, or empty if the image does not say. */
    public static Optional<String> release(byte[] image) {
        if (image.length < 0x210) {
            return Optional.empty();
        }
        var header = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        int pointer = header.getShort(0x20e) & 0xffff;
        if (header.getInt(0x202) != HEADER_MAGIC || pointer == 0 || pointer + 0x200 >= image.length) {
            return Optional.empty();
        }
        int start = pointer + 0x200;
        int end = start;
        while (end < image.length && end - start < 256 && image[end] != 0 && image[end] != ' ') {
            end++;
        }
        return end > start
                ? Optional.of(new String(image, start, end - start, StandardCharsets.US_ASCII))
                : Optional.empty();
    }
}
