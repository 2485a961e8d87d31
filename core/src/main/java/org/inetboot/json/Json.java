package org.inetboot.json;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes JSON from plain values: {@code null}, booleans, numbers, strings (and anything else
 * via {@code toString}), {@link Map}s with string keys (in their iteration order), records (as
 * objects of their components, in order) and {@link Iterable}s. Output only.
 */
public final class Json {

    private Json() {}

    public static String write(Object value) {
        var out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        switch (value) {
            case null -> out.append("null");
            case Boolean b -> out.append(b);
            case Integer i -> out.append(i);
            case Long l -> out.append(l);
            case Number n -> out.append(n.toString());
            case Map<?, ?> map -> writeMap(out, map);
            case Record record -> writeMap(out, components(record));
            case Iterable<?> items -> writeList(out, items.iterator());
            default -> writeString(out, value.toString());
        }
    }

    /** A record's components by name, in declaration order. */
    public static Map<String, Object> components(Record record) {
        var fields = new LinkedHashMap<String, Object>();
        for (var component : record.getClass().getRecordComponents()) {
            try {
                var accessor = component.getAccessor();
                accessor.setAccessible(true);
                fields.put(component.getName(), accessor.invoke(record));
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException("cannot read " + component + " of " + record.getClass(), e);
            }
        }
        return fields;
    }

    private static void writeMap(StringBuilder out, Map<?, ?> map) {
        out.append('{');
        var first = true;
        for (var entry : map.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            writeString(out, String.valueOf(entry.getKey()));
            out.append(':');
            write(out, entry.getValue());
        }
        out.append('}');
    }

    private static void writeList(StringBuilder out, Iterator<?> items) {
        out.append('[');
        while (items.hasNext()) {
            write(out, items.next());
            if (items.hasNext()) {
                out.append(',');
            }
        }
        out.append(']');
    }

    private static void writeString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
