package org.inetboot.server;

import java.util.Optional;
import java.util.regex.Pattern;

/** One satisfiable byte range of a file, from a {@code Range} header. */
record ByteRange(long first, long last) {

    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d{0,19})-(\\d{0,19})");

    /** What a {@code Range} header asks of a file of {@code size} bytes. */
    sealed interface Request permits Whole, Partial, Unsatisfiable {}

    /** No range, or one this server ignores (several ranges, another unit): send everything. */
    record Whole() implements Request {}

    record Partial(ByteRange range) implements Request {}

    record Unsatisfiable() implements Request {}

    static Request parse(String header, long size) {
        if (header == null) {
            return new Whole();
        }
        var m = SINGLE.matcher(header.strip());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return new Whole();
        }
        try {
            return resolve(m.group(1), m.group(2), size).<Request>map(Partial::new).orElse(new Unsatisfiable());
        } catch (NumberFormatException tooLarge) {
            return new Unsatisfiable();
        }
    }

    private static Optional<ByteRange> resolve(String from, String to, long size) {
        if (from.isEmpty()) { // a suffix: the last N bytes
            long suffix = Long.parseLong(to);
            return suffix == 0 || size == 0 ? Optional.empty() : Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
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
