package org.inetboot.iso;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.inetboot.source.Source;

/** Reads the El Torito boot catalog: validation entry, initial entry, then sections of entries. */
final class ElTorito {

    private static final int ENTRY = 32;
    private static final int MAX_CATALOG = 4 * IsoImage.SECTOR;

    private ElTorito() {}

    static List<BootEntry> read(Source source, long lba) throws IOException {
        long offset = lba * IsoImage.SECTOR;
        if (lba < 0 || offset > source.size() - IsoImage.SECTOR) {
            throw new IsoFormatException(
                    source.name(), "(boot catalog)", offset, "the boot catalog lies past the end of the image");
        }
        var b = source.readBytes(offset, (int) Math.min(MAX_CATALOG, source.size() - offset));
        validate(b, source.name(), offset);
        var entries = new ArrayList<BootEntry>();
        entries.add(entry(source, b, ENTRY, platform(Fields.u8(b, 1)), true));
        for (int at = 2 * ENTRY; at + ENTRY <= b.length; ) {
            int header = Fields.u8(b, at);
            if (header != 0x90 && header != 0x91) {
                break;
            }
            var platform = platform(Fields.u8(b, at + 1));
            int count = Fields.le16(b, at + 2);
            at += ENTRY;
            for (int i = 0; i < count && at + ENTRY <= b.length; i++) {
                entries.add(entry(source, b, at, platform, false));
                at += ENTRY;
                while (at + ENTRY <= b.length && Fields.u8(b, at) == 0x44) {
                    at += ENTRY; // extension entries of the one before
                }
            }
            if (header == 0x91) {
                break;
            }
        }
        return entries;
    }

    private static void validate(byte[] b, String image, long offset) throws IsoFormatException {
        if (Fields.u8(b, 0) != 1 || Fields.u8(b, 30) != 0x55 || Fields.u8(b, 31) != 0xAA) {
            throw new IsoFormatException(image, "(boot catalog)", offset, "no El Torito validation entry");
        }
        int sum = 0;
        for (int i = 0; i < ENTRY; i += 2) {
            sum += Fields.le16(b, i);
        }
        if ((sum & 0xffff) != 0) {
            throw new IsoFormatException(
                    image, "(boot catalog)", offset, "validation entry checksum does not add up to zero");
        }
    }

    private static BootEntry entry(Source source, byte[] b, int at, String platform, boolean initial)
            throws IOException {
        int media = Fields.u8(b, at + 1) & 0x0f;
        int count = Fields.le16(b, at + 6);
        long lba = Fields.le32(b, at + 8);
        var mediaType = switch (media) {
            case 0 -> "no-emulation";
            case 1 -> "1.2M-floppy";
            case 2 -> "1.44M-floppy";
            case 3 -> "2.88M-floppy";
            case 4 -> "hard-disk";
            default -> "unknown-" + media;
        };
        long size = switch (media) {
            case 1 -> 1_228_800;
            case 2 -> 1_474_560;
            case 3 -> 2_949_120;
            default ->
                platform.equals("uefi") ? fatSize(source, lba * IsoImage.SECTOR).orElse(count * 512L) : count * 512L;
        };
        return new BootEntry(
                platform, Fields.u8(b, at) == 0x88, mediaType, Fields.le16(b, at + 2), lba, count, size, initial);
    }

    /** The size a FAT file system's boot sector declares, if a plausible one starts there: catalogs often say 1 sector. */
    private static java.util.OptionalLong fatSize(Source source, long offset) throws IOException {
        if (offset < 0 || offset > source.size() - 512) {
            return java.util.OptionalLong.empty();
        }
        var sector = source.readBytes(offset, 512);
        int bytesPerSector = Fields.le16(sector, 11);
        long sectors = Fields.le16(sector, 19);
        if (sectors == 0) {
            sectors = Fields.le32(sector, 32);
        }
        boolean plausible = Fields.u8(sector, 510) == 0x55
                && Fields.u8(sector, 511) == 0xAA
                && (bytesPerSector == 512 || bytesPerSector == 1024 || bytesPerSector == 2048 || bytesPerSector == 4096)
                && sectors > 0
                && Fields.u8(sector, 13) != 0;
        return plausible ? java.util.OptionalLong.of(sectors * bytesPerSector) : java.util.OptionalLong.empty();
    }

    private static String platform(int id) {
        return switch (id) {
            case 0 -> "bios";
            case 1 -> "powerpc";
            case 2 -> "mac";
            case 0xEF -> "uefi";
            default -> String.format("0x%02x", id);
        };
    }
}
