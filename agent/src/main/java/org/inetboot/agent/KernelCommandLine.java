package org.inetboot.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's command line as its parser splits it: words separated by blanks, double quotes
 * keeping blanks inside a word and themselves removed ({@code inetboot.append="quiet splash"}).
 */
public record KernelCommandLine(List<String> words) {

    public KernelCommandLine {
        words = List.copyOf(words);
    }

    public static KernelCommandLine read() throws IOException {
        return parse(Files.readString(Path.of("/proc/cmdline")));
    }

    public static KernelCommandLine parse(String text) {
        var words = new ArrayList<String>();
        var word = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (char c : text.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                inWord = true;
            } else if (!quoted && Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return new KernelCommandLine(words);
    }

    /** The value of the last {@code name=value}, as init scripts take it. */
    public Optional<String> value(String name) {
        return words.reversed().stream()
                .filter(word -> word.startsWith(name + "="))
                .findFirst()
                .map(word -> word.substring(name.length() + 1));
    }

    /** Every value of {@code name=value}, in order (a repeatable parameter). */
    public List<String> values(String name) {
        return words.stream()
                .filter(word -> word.startsWith(name + "="))
                .map(word -> word.substring(name.length() + 1))
                .toList();
    }

    /** Whether {@code name} is set: alone, or as {@code name=1}, {@code =yes} or {@code =true}. */
    public boolean flag(String name) {
        return words.contains(name)
                || value(name).filter(v -> v.matches("(?i)1|yes|true|y")).isPresent();
    }
}
