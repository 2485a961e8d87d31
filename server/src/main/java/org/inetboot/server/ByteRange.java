package org.inetboot.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** One satisfiable byte range of a file, from a {@code Range} header. */
record ByteRange(long first, long last) {

    private static final Pattern BYTES = Pattern.compile("bytes=(.*)", Pattern.CASE_INSENSITIVE);
    private static final Pattern SPEC = Pattern.compile("\\s*(\\d{0,19})-(\\d{0,19})\\s*");
    /** More ranges than this in one request are ignored (the whole file is sent), as HTTP allows. */
    static final int MAX_RANGES = 32;

    /** What a {@code Range} header asks of a file of {@code size} bytes. */
    sealed interface Request permits Whole, Partial, Unsatisfiable {}

    /** No range, or one this server ignores (another unit, a malformed header, too many ranges): send everything. */
    record Whole() implements Request {}

    /** The satisfiable ranges, in the order asked. */
    record Partial(List<ByteRange> ranges) implements Request {}

    record Unsatisfiable() implements Request {}

    static Request parse(String header, long size) {
        var bytes = header == null ? null : BYTES.matcher(header.strip());
        if (bytes == null || !bytes.matches()) {
            return new Whole();
        }
        var specs = bytes.group(1).split(",", -1);
        if (specs.length > MAX_RANGES) {
            return new Whole();
        }
        var ranges = new ArrayList<ByteRange>();
        for (var spec : specs) {
            var m = SPEC.matcher(spec);
            if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
                return new Whole();
            }
            try {
                resolve(m.group(1), m.group(2), size).ifPresent(ranges::add);
            } catch (NumberFormatException tooLarge) {
                // beyond any file: unsatisfiable
            }
        }
        return ranges.isEmpty() ? new Unsatisfiable() : new Partial(List.copyOf(ranges));
    }

    private static Optional<ByteRange> resolve(String from, String to, long size) {
        if (from.isEmpty()) { // a suffix: the last N bytes
            long suffix = Long.parseLong(to);
            return suffix == 0 || size == 0
                    ? Optional.empty()
                    : Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
        }
        long first = Long.parseLong(from);
        long last = to.isEmpty() ? size - 1 : Math.min(Long.parseLong(to), size - 1);
        if (first >= size || (!to.isEmpty() && Long.parseLong(to) < first)) {
            return Optional.empty();
        }
        return Optional.of(new ByteRange(first, last));
    }

    long length() {
        return last - first + 1;
    }
}
