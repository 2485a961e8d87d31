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
    private static final int LOADED_HIGH = 0x01;
    private static final int XLF_KERNEL_64 = 0x01;
    private static final int XLF_CAN_BE_LOADED_ABOVE_4G = 0x02;

    private KernelImage() {}

    /** The bytes at an image's start that {@link #kexecProblem} reads: the boot sector and the setup header. */
    public static final int HEADER_BYTES = 0x240;

    /**
     * Why x86_64's kexec_file_load would refuse the image, or empty when it takes it; the checks of
     * the kernel's bzImage64 probe, in its order. memtest86+ 6.10 has a setup header but may not
     * be loaded above 4 GiB; iPXE's .lkrn speaks boot protocol 2.07.
     */
    public static Optional<String> kexecProblem(byte[] head) { // the image, or its first HEADER_BYTES
        if (head.length < HEADER_BYTES) {
            return Optional.of("it is too short to be a Linux kernel (" + head.length + " bytes)");
        }
        var header = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        if (header.getInt(0x202) != HEADER_MAGIC || (header.getShort(0x1fe) & 0xffff) != 0xaa55) {
            return Optional.of("it is not a Linux kernel (no x86 boot sector with a setup header)");
        }
        int version = header.getShort(0x206) & 0xffff;
        if (version < 0x020c) {
            return Optional.of(String.format(
                    "its boot protocol is %d.%02d, and kexec needs 2.12 or later", version >> 8, version & 0xff));
        }
        if ((head[0x211] & LOADED_HIGH) == 0) {
            return Optional.of("it is a zImage, which loads below 1 MiB; kexec needs a bzImage");
        }
        int xloadflags = header.getShort(0x236) & 0xffff;
        if ((xloadflags & XLF_KERNEL_64) == 0) {
            return Optional.of("its header offers no 64-bit entry point (XLF_KERNEL_64)");
        }
        if ((xloadflags & XLF_CAN_BE_LOADED_ABOVE_4G) == 0) {
            return Optional.of("its header says it cannot be loaded above 4 GiB (XLF_CAN_BE_LOADED_ABOVE_4G)");
        }
        return Optional.empty();
    }

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
