package org.inetboot.http;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@code Content-Range} header: {@code bytes first-last/total}, or {@code bytes *}{@code /total}
 * on a 416. The total is -1 when the server wrote {@code *}.
 */
record ContentRange(long first, long last, long total) {

    private static final Pattern SATISFIED = Pattern.compile("bytes (\\d{1,19})-(\\d{1,19})/(\\d{1,19}|\\*)");
    private static final Pattern UNSATISFIED = Pattern.compile("bytes \\*/(\\d{1,19})");

    static Optional<ContentRange> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        try {
            var m = SATISFIED.matcher(header.strip());
            if (m.matches()) {
                long total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
                return Optional.of(new ContentRange(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), total));
            }
            var u = UNSATISFIED.matcher(header.strip());
            if (u.matches()) {
                return Optional.of(new ContentRange(-1, -1, Long.parseLong(u.group(1))));
            }
        } catch (NumberFormatException tooLarge) {
            // falls through: not a range we can use
        }
        return Optional.empty();
    }

    long length() {
        return last - first + 1;
    }
}
