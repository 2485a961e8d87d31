package org.inetboot.iso;

import java.io.IOException;
import org.inetboot.source.Source;

/**
 * What the volume descriptors say: the primary volume, a Joliet supplementary volume if any, and
 * the El Torito boot catalog's location if any.
 *
 * @param jolietRoot     the root directory record of the Joliet tree, or null
 * @param bootCatalogLba the boot catalog's sector, or -1
 */
record Volume(String volumeId, long sectors, byte[] primaryRoot, byte[] jolietRoot, long bootCatalogLba) {

    private static final int FIRST = 16;
    private static final int MAX_DESCRIPTORS = 64;

    static Volume read(Source source, String image) throws IOException {
        long available = source.size() / IsoImage.SECTOR - FIRST;
        if (available < 1) {
            throw new IsoFormatException(image, "/", 0, "not an ISO 9660 image: only " + source.size() + " bytes");
        }
        int count = (int) Math.min(MAX_DESCRIPTORS, available);
        var bytes = source.readBytes((long) FIRST * IsoImage.SECTOR, count * IsoImage.SECTOR);
        String volumeId = null;
        long sectors = 0;
        byte[] primaryRoot = null;
        byte[] jolietRoot = null;
        long catalog = -1;
        for (int i = 0; i < count; i++) {
            int at = i * IsoImage.SECTOR;
            long offset = (long) (FIRST + i) * IsoImage.SECTOR;
            if (!Fields.ascii(bytes, at + 1, 5).equals("CD001")) {
                throw new IsoFormatException(
                        image,
                        "/",
                        offset,
                        i == 0
                                ? "not an ISO 9660 image (no CD001 volume descriptor)"
                                : "volume descriptor without its CD001 identifier");
            }
            switch (Fields.u8(bytes, at)) {
                case 0 -> catalog = bootRecord(bytes, at, catalog);
                case 1 -> {
                    if (primaryRoot == null) {
                        checkBlockSize(bytes, at, image, offset);
                        volumeId = Fields.identifier(bytes, at + 40, 32);
                        sectors = Fields.both32(bytes, at + 80);
                        primaryRoot = java.util.Arrays.copyOfRange(bytes, at + 156, at + 156 + 34);
                    }
                }
                case 2 -> {
                    if (jolietRoot == null && isJoliet(bytes, at)) {
                        jolietRoot = java.util.Arrays.copyOfRange(bytes, at + 156, at + 156 + 34);
                    }
                }
                case 255 -> {
                    if (primaryRoot == null) {
                        throw new IsoFormatException(
                                image, "/", offset, "no primary volume descriptor before the terminator");
                    }
                    return new Volume(volumeId, sectors, primaryRoot, jolietRoot, catalog);
                }
                default -> {
                    // partition descriptors and others: nothing to use
                }
            }
        }
        throw new IsoFormatException(
                image,
                "/",
                (long) FIRST * IsoImage.SECTOR,
                "no volume descriptor set terminator in the first " + count + " descriptors");
    }

    private static long bootRecord(byte[] b, int at, long current) {
        if (current < 0 && Fields.ascii(b, at + 7, 23).equals("EL TORITO SPECIFICATION")) {
            return Fields.le32(b, at + 0x47);
        }
        return current;
    }

    private static boolean isJoliet(byte[] b, int at) {
        var escape = Fields.ascii(b, at + 88, 3);
        return escape.equals("%/@") || escape.equals("%/C") || escape.equals("%/E");
    }

    private static void checkBlockSize(byte[] b, int at, String image, long offset) throws IsoFormatException {
        int blockSize = Fields.le16(b, at + 128);
        if (blockSize != IsoImage.SECTOR) {
            throw new IsoFormatException(
                    image, "/", offset + 128, "logical block size " + blockSize + " (only 2048 is supported)");
        }
    }
}
