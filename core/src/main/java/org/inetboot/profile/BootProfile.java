package org.inetboot.profile;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.inetboot.json.Json;
import org.inetboot.json.JsonReader;

/**
 * What a boot of one image reads, as extents in the order a boot first reads them: the blocks
 * that at least a given share of the recorded boots read, so that one odd boot does not bloat it.
 * Tied to the image by its size and validator; its JSON form is documented in
 * docs/boot-profiles.md.
 *
 * @param size      the image's size
 * @param validator the image's strong validator (ETag or Last-Modified) when it was recorded
 * @param blockSize the unit of the extents (the cache's chunk)
 * @param boots     how many boots were merged into it
 * @param extents   in first-access order, each a run of whole blocks (the image's last one may be short)
 */
public record BootProfile(long size, String validator, int blockSize, int boots, List<Extent> extents) {

    public static final String FORMAT = "inetboot-profile";
    public static final int VERSION = 1;
    /**
     * More extents than any boot needs (the sample's boot: 8), and a bound on what a hostile file
     * can make stage 2's small heap hold while it replays (about 150 bytes an extent).
     */
    static final int MAX_EXTENTS = 1 << 16;

    public record Extent(long offset, long length) {}

    /** The bytes the profile covers. */
    public long bytes() {
        return extents.stream().mapToLong(Extent::length).sum();
    }

    /** Why this profile does not belong to an image of this size and validator; empty when it does. */
    public Optional<String> mismatch(long imageSize, String imageValidator) {
        if (imageSize != size) {
            return Optional.of("it was recorded for an image of " + size + " bytes, this one has " + imageSize);
        }
        if (validator == null || imageValidator == null) {
            return Optional.of("no validator (ETag or Last-Modified) ties it to this image");
        }
        if (!validator.equals(imageValidator)) {
            return Optional.of("it was recorded for version " + validator + ", this one is " + imageValidator);
        }
        return Optional.empty();
    }

    /**
     * Merges boots of one image: the blocks read by at least {@code minShare} of them, ordered by
     * the median time of their first read, adjacent ones joined.
     */
    public static BootProfile merge(List<Trace> traces, double minShare, int blockSize) throws ProfileFormatException {
        if (traces.isEmpty()) {
            throw new ProfileFormatException("no traces to merge");
        }
        var first = traces.getFirst();
        var firstSeen = new HashMap<Long, List<Long>>();
        for (var trace : traces) {
            if (trace.size() != first.size() || !Objects.equals(trace.validator(), first.validator())) {
                throw new ProfileFormatException("the traces are of different images: " + first.image() + " ("
                        + first.size() + " bytes, " + first.validator() + ") and " + trace.image() + " ("
                        + trace.size() + " bytes, " + trace.validator() + ")");
            }
            for (var entry : firstReads(trace, blockSize).entrySet()) {
                firstSeen
                        .computeIfAbsent(entry.getKey(), block -> new ArrayList<>())
                        .add(entry.getValue());
            }
        }
        long needed = (long) Math.ceil(minShare * traces.size());
        var blocks = firstSeen.entrySet().stream()
                .filter(e -> e.getValue().size() >= Math.max(1, needed))
                .sorted(Comparator.<Map.Entry<Long, List<Long>>>comparingLong(e -> median(e.getValue()))
                        .thenComparingLong(Map.Entry::getKey))
                .map(Map.Entry::getKey)
                .toList();
        return new BootProfile(
                first.size(), first.validator(), blockSize, traces.size(), extents(blocks, blockSize, first.size()));
    }

    /** Each block a trace read, with the time it was first read. */
    private static Map<Long, Long> firstReads(Trace trace, int blockSize) {
        var first = new LinkedHashMap<Long, Long>();
        for (var read : trace.reads()) {
            if (read.length() > 0) {
                for (long block = read.offset() / blockSize;
                        block <= (read.offset() + read.length() - 1) / blockSize;
                        block++) {
                    first.putIfAbsent(block, read.millis());
                }
            }
        }
        return first;
    }

    private static long median(List<Long> values) {
        var sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /** Blocks in order as extents, a block that follows the one before joining its extent. */
    private static List<Extent> extents(List<Long> blocks, int blockSize, long size) {
        var extents = new ArrayList<Extent>();
        long start = -1;
        long next = -1;
        for (long block : blocks) {
            if (block != next) {
                if (start >= 0) {
                    extents.add(extent(start, next, blockSize, size));
                }
                start = block;
            }
            next = block + 1;
        }
        if (start >= 0) {
            extents.add(extent(start, next, blockSize, size));
        }
        return List.copyOf(extents);
    }

    private static Extent extent(long firstBlock, long endBlock, int blockSize, long size) {
        long offset = firstBlock * blockSize;
        return new Extent(offset, Math.min(endBlock * blockSize, size) - offset);
    }

    public String json() {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("format", FORMAT);
        fields.put("version", VERSION);
        fields.put("size", size);
        fields.put("validator", validator);
        fields.put("blockSize", blockSize);
        fields.put("boots", boots);
        fields.put(
                "extents",
                extents.stream().map(e -> List.of(e.offset(), e.length())).toList());
        return Json.write(fields) + "\n";
    }

    /** Reads a profile; {@code name} (a URL or path) names it in errors, with the field at fault. */
    public static BootProfile parse(String text, String name) throws IOException {
        if (!(JsonReader.parse(text, name) instanceof Map<?, ?> fields)) {
            throw new ProfileFormatException(name + ": not a boot profile (no JSON object)");
        }
        var checked = new Fields(name, fields);
        if (!FORMAT.equals(fields.get("format")) || checked.number("version", 1, Integer.MAX_VALUE) != VERSION) {
            throw new ProfileFormatException(name + ": not a boot profile of version " + VERSION + " (format "
                    + fields.get("format") + ", version " + fields.get("version") + ")");
        }
        long size = checked.number("size", 0, Long.MAX_VALUE);
        var validator = fields.get("validator");
        if (validator != null && !(validator instanceof String)) {
            throw new ProfileFormatException(name + ": field validator: not a string");
        }
        int blockSize = (int) checked.number("blockSize", 512, 1 << 26);
        int boots = (int) checked.number("boots", 1, Integer.MAX_VALUE);
        if (!(fields.get("extents") instanceof List<?> list) || list.size() > MAX_EXTENTS) {
            throw new ProfileFormatException(
                    name + ": field extents: not a list of at most " + MAX_EXTENTS + " extents");
        }
        var extents = new ArrayList<Extent>(list.size());
        long total = 0;
        for (int i = 0; i < list.size(); i++) {
            var extent = checked.extent(i, list.get(i), size);
            total += extent.length();
            if (total > size) {
                throw new ProfileFormatException(name + ": extent " + i + ": the extents cover more than the image");
            }
            extents.add(extent);
        }
        return new BootProfile(size, (String) validator, blockSize, boots, List.copyOf(extents));
    }

    /** A profile's fields, checked one by one. */
    private record Fields(String name, Map<?, ?> fields) {

        long number(String key, long min, long max) throws ProfileFormatException {
            return bounded(fields.get(key), min, max, "field " + key);
        }

        Extent extent(int index, Object value, long size) throws ProfileFormatException {
            var where = "extent " + index;
            if (!(value instanceof List<?> pair) || pair.size() != 2) {
                throw new ProfileFormatException(name + ": " + where + ": not [offset, length]");
            }
            long offset = bounded(pair.get(0), 0, size, where + " offset");
            long length = bounded(pair.get(1), 1, size - offset, where + " length");
            return new Extent(offset, length);
        }

        private long bounded(Object value, long min, long max, String what) throws ProfileFormatException {
            if (value instanceof BigDecimal number) {
                try {
                    long exact = number.longValueExact();
                    if (exact >= min && exact <= max) {
                        return exact;
                    }
                } catch (ArithmeticException notWhole) {
                    // reported below
                }
            }
            throw new ProfileFormatException(
                    name + ": " + what + ": " + value + " is not a whole number from " + min + " to " + max);
        }
    }
}
