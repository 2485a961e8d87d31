package org.inetboot.iso;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** The two ISO 9660 time stamp forms; unset or impossible stamps read as null. */
final class IsoDates {

    private IsoDates() {}

    /** The 7-byte form of directory records and short TF stamps. */
    static Instant shortForm(byte[] b, int at) {
        int year = Fields.u8(b, at);
        if (year == 0 && Fields.u8(b, at + 1) == 0) {
            return null;
        }
        return instant(
                1900 + year,
                Fields.u8(b, at + 1),
                Fields.u8(b, at + 2),
                Fields.u8(b, at + 3),
                Fields.u8(b, at + 4),
                Fields.u8(b, at + 5),
                0,
                b[at + 6]);
    }

    /** The 17-byte form: "YYYYMMDDHHMMSScc" digits and an offset byte. */
    static Instant longForm(byte[] b, int at) {
        var digits = Fields.ascii(b, at, 16);
        if (!digits.chars().allMatch(Character::isDigit) || digits.startsWith("0000")) {
            return null;
        }
        return instant(
                num(digits, 0, 4),
                num(digits, 4, 6),
                num(digits, 6, 8),
                num(digits, 8, 10),
                num(digits, 10, 12),
                num(digits, 12, 14),
                num(digits, 14, 16) * 10_000_000,
                b[at + 16]);
    }

    private static int num(String s, int from, int to) {
        return Integer.parseInt(s, from, to, 10);
    }

    /** @param quarterHours the offset from GMT in 15-minute units, -48 to 52 */
    private static Instant instant(
            int year, int month, int day, int hour, int minute, int second, int nanos, int quarterHours) {
        try {
            var offset = quarterHours >= -48 && quarterHours <= 52
                    ? ZoneOffset.ofTotalSeconds(quarterHours * 900)
                    : ZoneOffset.UTC;
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos)
                    .toInstant(offset);
        } catch (DateTimeException impossible) {
            return null;
        }
    }
}
