package org.inetboot.json;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads JSON (RFC 8259) into plain values: {@link Map} (keys in order), {@link List}, String,
 * {@link BigDecimal}, Boolean and null. Strict: one value, nothing after it, nesting at most 64
 * deep; an error names the document and the offset.
 */
public final class JsonReader {

    private static final int MAX_DEPTH = 64;
    /** Larger exponents are no size, count or time a document of ours holds, and cost much to convert. */
    private static final int MAX_SCALE = 1000;

    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?");

    private final String text;
    private final String name;
    private int at;

    private JsonReader(String text, String name) {
        this.text = text;
        this.name = name;
    }

    /** Parses {@code text}; {@code name} (a URL, a path) is for error messages. */
    public static Object parse(String text, String name) throws IOException {
        var reader = new JsonReader(text, name);
        var value = reader.value(0);
        reader.blanks();
        if (reader.at < text.length()) {
            throw reader.error("nothing may follow the value");
        }
        return value;
    }

    private Object value(int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH);
        }
        blanks();
        if (at >= text.length()) {
            throw error("a value is missing");
        }
        return switch (text.charAt(at)) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> number();
        };
    }

    private Map<String, Object> object(int depth) throws IOException {
        var members = new LinkedHashMap<String, Object>();
        at++;
        if (next() == '}') {
            at++;
            return members;
        }
        do {
            if (next() != '"') {
                throw error("expected a member's name in quotes");
            }
            var key = string();
            expect(':');
            members.put(key, value(depth + 1));
        } while (separator('}'));
        return members;
    }

    private List<Object> array(int depth) throws IOException {
        var items = new ArrayList<>();
        at++;
        if (next() == ']') {
            at++;
            return items;
        }
        do {
            items.add(value(depth + 1));
        } while (separator(']'));
        return items;
    }

    /** After a member or item: true at a comma, false at the closing bracket. */
    private boolean separator(char close) throws IOException {
        char c = next();
        at++;
        if (c == ',') {
            return true;
        }
        if (c != close) {
            at--;
            throw error("expected ',' or '" + close + "'");
        }
        return false;
    }

    private String string() throws IOException {
        var out = new StringBuilder();
        for (at++; at < text.length(); at++) {
            char c = text.charAt(at);
            if (c == '"') {
                at++;
                return out.toString();
            }
            if (c < 0x20) {
                throw error("a control character in a string");
            }
            out.append(c == '\\' ? escape() : c);
        }
        throw error("a string is not closed");
    }

    private char escape() throws IOException {
        if (++at >= text.length()) {
            throw error("a string is not closed");
        }
        return switch (text.charAt(at)) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '/' -> '/';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> unicode();
            default -> throw error("an unknown escape");
        };
    }

    private char unicode() throws IOException {
        if (at + 4 >= text.length() || !text.substring(at + 1, at + 5).matches("[0-9a-fA-F]{4}")) {
            throw error("\\u needs four hex digits");
        }
        at += 4;
        return (char) Integer.parseInt(text.substring(at - 3, at + 1), 16);
    }

    private BigDecimal number() throws IOException {
        var matcher = NUMBER.matcher(text).region(at, text.length());
        if (!matcher.lookingAt()) {
            throw error("expected a value");
        }
        try {
            var number = new BigDecimal(matcher.group());
            if (Math.abs((long) number.scale()) > MAX_SCALE) {
                throw error("a number beyond 1e" + MAX_SCALE);
            }
            at = matcher.end();
            return number;
        } catch (NumberFormatException e) { // an exponent beyond an int
            throw error("a number beyond 1e" + MAX_SCALE);
        }
    }

    private Object literal(String word, Object value) throws IOException {
        if (!text.startsWith(word, at)) {
            throw error("expected a value");
        }
        at += word.length();
        return value;
    }

    private void expect(char c) throws IOException {
        if (next() != c) {
            throw error("expected '" + c + "'");
        }
        at++;
    }

    /** The next character after blanks, or 0 at the end. */
    private char next() {
        blanks();
        return at < text.length() ? text.charAt(at) : 0;
    }

    private void blanks() {
        while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
    }

    private IOException error(String problem) {
        return new IOException(name + " at offset " + at + ": not JSON: " + problem);
    }
}
