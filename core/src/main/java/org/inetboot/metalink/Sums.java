package org.inetboot.metalink;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A distribution's sums file ({@code SHA256SUMS}): GNU lines ({@code HASH  NAME}, {@code HASH *NAME})
 * or BSD lines ({@code SHA256 (NAME) = HASH}).
 */
public final class Sums {

    private static final Pattern GNU = Pattern.compile("([0-9a-fA-F]{64}) [ *](?:\\./)?(.+)");
    private static final Pattern BSD = Pattern.compile("SHA256 \\((?:\\./)?(.+)\\) = ([0-9a-fA-F]{64})");

    private Sums() {}

    /** The SHA-256 the file gives for {@code fileName}, in lowercase hex. */
    public static Optional<String> find(String text, String fileName) {
        for (var line : text.lines().toList()) {
            var gnu = GNU.matcher(line.strip());
            if (gnu.matches() && gnu.group(2).equals(fileName)) {
                return Optional.of(gnu.group(1).toLowerCase(Locale.ROOT));
            }
            var bsd = BSD.matcher(line.strip());
            if (bsd.matches() && bsd.group(1).equals(fileName)) {
                return Optional.of(bsd.group(2).toLowerCase(Locale.ROOT));
            }
        }
        return Optional.empty();
    }
}
