package org.inetboot.iso;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses one directory record's System Use area (SUSP, IEEE P1281) and the Rock Ridge entries in
 * it (IEEE P1282), following CE continuation areas. Every entry is bounds-checked; continuation
 * chains are limited and may not revisit an area, so a hostile image cannot loop.
 */
final class SystemUseParser {

    /** Reads a continuation area from the image, checking it lies inside. */
    @FunctionalInterface
    interface Continuations {
        byte[] read(long offset, int length, String path) throws IOException;
    }

    private static final int MAX_CONTINUATIONS = 32;
    private static final int MAX_CONTINUATION_LENGTH = 64 * 1024;
    private static final int MAX_NAME = 1024;
    private static final int MAX_SYMLINK = 4096;
    private static final Map<String, Integer> MIN_LENGTH =
            Map.of("SP", 7, "CE", 28, "PX", 36, "PN", 20, "NM", 5, "SL", 5, "TF", 5, "CL", 12, "ZF", 16, "ER", 8);

    private final String image;
    private final String path;
    private final Continuations continuations;
    private final ByteArrayOutputStream name = new ByteArrayOutputStream();
    private final List<String> linkComponents = new ArrayList<>();
    private boolean hasName;
    private boolean linkAbsolute;
    private boolean linkContinues;
    private boolean hasLink;
    private Integer mode;
    private Long nlink;
    private Long uid;
    private Long gid;
    private Long rdev;
    private Instant modified;
    private Long childLink;
    private boolean relocated;
    private IsoEntry.Zisofs zisofs;
    private Integer suspSkip;
    private boolean declaresRockRidge;

    private SystemUseParser(String image, String path, Continuations continuations) {
        this.image = image;
        this.path = path;
        this.continuations = continuations;
    }

    /**
     * @param area       the bytes holding the System Use area
     * @param from       where the area starts in {@code area}, after any SP skip
     * @param to         where it ends
     * @param areaOffset the byte offset of {@code area[0]} in the image, for error messages
     */
    static RockRidge parse(
            byte[] area, int from, int to, long areaOffset, Continuations continuations, String image, String path)
            throws IOException {
        var parser = new SystemUseParser(image, path, continuations);
        parser.parseAll(area, from, to, areaOffset);
        return parser.result();
    }

    private void parseAll(byte[] area, int from, int to, long areaOffset) throws IOException {
        Set<Long> visited = new HashSet<>();
        for (int areas = 0; area != null; areas++) {
            var next = parseArea(area, from, to, areaOffset);
            area = null;
            if (next != null) {
                if (areas >= MAX_CONTINUATIONS || !visited.add(next[0])) {
                    throw error(
                            next[0], "continuation areas (CE) form a loop or a chain longer than " + MAX_CONTINUATIONS);
                }
                if (next[1] > MAX_CONTINUATION_LENGTH) {
                    throw error(next[0], "continuation area (CE) of " + next[1] + " bytes");
                }
                area = continuations.read(next[0], (int) next[1], path);
                from = 0;
                to = area.length;
                areaOffset = next[0];
            }
        }
    }

    /** Parses the entries of one area; returns the CE continuation {offset, length}, if any. */
    private long[] parseArea(byte[] b, int pos, int end, long base) throws IOException {
        long[] continuation = null;
        while (end - pos >= 4) {
            var signature = Fields.ascii(b, pos, 2);
            int length = Fields.u8(b, pos + 2);
            if (length < 4 || signature.equals("ST")) {
                break; // padding, or the explicit end of the area
            }
            if (pos + length > end || length < MIN_LENGTH.getOrDefault(signature, 4)) {
                throw error(
                        base + pos,
                        "System Use entry '" + printable(signature) + "' of " + length
                                + " bytes does not fit its area");
            }
            if (signature.equals("CE")) {
                long block = Fields.both32(b, pos + 4);
                continuation =
                        new long[] {block * IsoImage.SECTOR + Fields.both32(b, pos + 12), Fields.both32(b, pos + 20)};
            } else {
                entry(signature, b, pos, length, base);
            }
            pos += length;
        }
        return continuation;
    }

    private void entry(String signature, byte[] b, int pos, int length, long base) throws IOException {
        switch (signature) {
            case "SP" -> {
                if (Fields.u8(b, pos + 4) == 0xBE && Fields.u8(b, pos + 5) == 0xEF) {
                    suspSkip = Fields.u8(b, pos + 6);
                }
            }
            case "ER" -> {
                var id = Fields.ascii(b, pos + 8, Math.min(Fields.u8(b, pos + 4), length - 8));
                declaresRockRidge |= id.contains("RRIP") || id.contains("1282");
            }
            case "RR" -> declaresRockRidge = true;
            case "PX" -> {
                mode = (int) Fields.both32(b, pos + 4);
                nlink = Fields.both32(b, pos + 12);
                uid = Fields.both32(b, pos + 20);
                gid = Fields.both32(b, pos + 28);
            }
            case "PN" -> rdev = Fields.both32(b, pos + 4) << 32 | Fields.both32(b, pos + 12);
            case "NM" -> name(b, pos, length, base);
            case "SL" -> symlink(b, pos, length, base);
            case "TF" -> modified = timeStamps(b, pos, length, base);
            case "CL" -> childLink = Fields.both32(b, pos + 4);
            case "RE" -> relocated = true;
            case "ZF" -> zisofs(b, pos, base);
            default -> {
                // PL, PD, ES, AA and unknown entries say nothing we use
            }
        }
    }

    private void name(byte[] b, int pos, int length, long base) throws IOException {
        int flags = Fields.u8(b, pos + 4);
        if ((flags & 0x06) != 0) {
            return; // names "." or "..": not ours to show
        }
        name.write(b, pos + 5, length - 5);
        hasName = true;
        if (name.size() > MAX_NAME) {
            throw error(base + pos, "Rock Ridge name longer than " + MAX_NAME + " bytes");
        }
    }

    private void symlink(byte[] b, int pos, int length, long base) throws IOException {
        hasLink = true;
        for (int at = pos + 5; at < pos + length; ) {
            if (at + 2 > pos + length || at + 2 + Fields.u8(b, at + 1) > pos + length) {
                throw error(base + at, "symbolic link component overruns its SL entry");
            }
            int flags = Fields.u8(b, at);
            int size = Fields.u8(b, at + 1);
            if ((flags & 0x08) != 0) {
                linkAbsolute = true;
            } else {
                var piece = (flags & 0x02) != 0 ? "." : (flags & 0x04) != 0 ? ".." : Fields.ascii(b, at + 2, size);
                if (linkContinues && !linkComponents.isEmpty()) {
                    linkComponents.set(linkComponents.size() - 1, linkComponents.getLast() + piece);
                } else {
                    linkComponents.add(piece);
                }
            }
            linkContinues = (flags & 0x01) != 0;
            at += 2 + size;
        }
        if (linkComponents.stream().mapToInt(String::length).sum() > MAX_SYMLINK) {
            throw error(base + pos, "symbolic link target longer than " + MAX_SYMLINK + " bytes");
        }
    }

    /** The modification stamp of a TF entry: stamps appear in flag order, creation first. */
    private Instant timeStamps(byte[] b, int pos, int length, long base) throws IOException {
        int flags = Fields.u8(b, pos + 4);
        int size = (flags & 0x80) != 0 ? 17 : 7;
        if ((flags & 0x02) == 0) {
            return modified;
        }
        int at = pos + 5 + ((flags & 0x01) != 0 ? size : 0);
        if (at + size > pos + length) {
            throw error(base + pos, "TF entry too short for its time stamps");
        }
        return size == 17 ? IsoDates.longForm(b, at) : IsoDates.shortForm(b, at);
    }

    private void zisofs(byte[] b, int pos, long base) throws IOException {
        var algorithm = Fields.ascii(b, pos + 4, 2);
        if (!algorithm.equals("pz")) {
            throw error(base + pos, "unsupported compression '" + printable(algorithm) + "' (only zisofs 'pz')");
        }
        int blockLog2 = Fields.u8(b, pos + 7);
        if (blockLog2 < 15 || blockLog2 > 17) {
            throw error(base + pos, "zisofs block size 2^" + blockLog2 + " (must be 2^15 to 2^17)");
        }
        zisofs = new IsoEntry.Zisofs(Fields.u8(b, pos + 6) * 4, blockLog2, Fields.both32(b, pos + 8));
    }

    private RockRidge result() {
        String target = null;
        if (hasLink) {
            target = (linkAbsolute ? "/" : "") + String.join("/", linkComponents);
        }
        var nameText = hasName ? name.toString(StandardCharsets.UTF_8) : null;
        return new RockRidge(
                nameText,
                mode,
                nlink,
                uid,
                gid,
                rdev,
                target,
                modified,
                childLink,
                relocated,
                zisofs,
                suspSkip,
                declaresRockRidge);
    }

    private IsoFormatException error(long offset, String problem) {
        return new IsoFormatException(image, path, offset, problem);
    }

    private static String printable(String s) {
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
