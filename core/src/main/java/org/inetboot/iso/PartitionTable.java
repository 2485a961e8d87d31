package org.inetboot.iso;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.inetboot.source.Source;

/** Finds an MBR (55 AA at byte 510) and a GPT ("EFI PART" at byte 512) in an image's first sectors. */
public final class PartitionTable {

    private static final int LBA = 512;
    private static final int MAX_GPT_ENTRIES = 1024;

    private PartitionTable() {}

    public static List<Partition> read(Source source) throws IOException {
        if (source.size() < 2 * LBA) {
            return List.of();
        }
        var head = source.readBytes(0, 2 * LBA);
        var partitions = new ArrayList<Partition>();
        if (Fields.u8(head, 510) == 0x55 && Fields.u8(head, 511) == 0xAA) {
            for (int i = 0; i < 4; i++) {
                int at = 446 + 16 * i;
                int type = Fields.u8(head, at + 4);
                if (type != 0) {
                    partitions.add(new Partition(
                            "mbr",
                            i + 1,
                            String.format("0x%02x", type),
                            Fields.le32(head, at + 8) * LBA,
                            Fields.le32(head, at + 12) * LBA,
                            null,
                            Fields.u8(head, at) == 0x80));
                }
            }
        }
        if (Fields.ascii(head, LBA, 8).equals("EFI PART")) {
            partitions.addAll(gpt(source, head));
        }
        return partitions;
    }

    private static List<Partition> gpt(Source source, byte[] head) throws IOException {
        long entriesLba = Fields.le64(head, LBA + 72);
        long count = Fields.le32(head, LBA + 80);
        long entrySize = Fields.le32(head, LBA + 84);
        long offset = entriesLba * LBA;
        if (count > MAX_GPT_ENTRIES
                || entrySize < 128
                || entrySize > 4096
                || entriesLba < 2
                || offset > source.size() - count * entrySize) {
            throw new IsoFormatException(
                    source.name(),
                    "(GPT)",
                    LBA,
                    "GPT header with " + count + " entries of " + entrySize + " bytes at LBA " + entriesLba
                            + " does not fit the image");
        }
        var table = source.readBytes(offset, (int) (count * entrySize));
        var partitions = new ArrayList<Partition>();
        for (int i = 0; i < count; i++) {
            int at = (int) (i * entrySize);
            var type = guid(table, at);
            if (!type.equals("00000000-0000-0000-0000-000000000000")) {
                long first = Fields.le64(table, at + 32);
                long last = Fields.le64(table, at + 40);
                var name = new String(table, at + 56, 72, StandardCharsets.UTF_16LE).replaceAll("\u0000.*", "");
                partitions.add(new Partition("gpt", i + 1, type, first * LBA, (last - first + 1) * LBA, name, false));
            }
        }
        return partitions;
    }

    /** A GUID as text: its first three fields are little-endian. */
    private static String guid(byte[] b, int at) {
        return String.format(
                "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                Fields.le32(b, at),
                Fields.le16(b, at + 4),
                Fields.le16(b, at + 6),
                b[at + 8],
                b[at + 9],
                b[at + 10],
                b[at + 11],
                b[at + 12],
                b[at + 13],
                b[at + 14],
                b[at + 15]);
    }
}
