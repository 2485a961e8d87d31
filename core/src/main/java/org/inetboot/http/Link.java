package org.inetboot.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One link of a {@code Link} header (RFC 8288): its target, resolved against the response's URL,
 * and its parameters by lowercase name ({@code rel}, {@code type}, {@code pri}, {@code geo}; a
 * parameter without a value, like RFC 6249's {@code pref}, maps to "").
 */
public record Link(URI target, Map<String, String> params) {

    /** Whether one of the link's relation types is {@code rel}. */
    public boolean is(String rel) {
        return List.of(params.getOrDefault("rel", "").toLowerCase(Locale.ROOT).split("\\s+"))
                .contains(rel);
    }

    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name));
    }

    /** The links of every {@code Link} header value; malformed links are skipped, not fatal. */
    public static List<Link> parse(List<String> values, URI base) {
        var links = new ArrayList<Link>();
        for (var value : values) {
            new Parser(value, base).links(links);
        }
        return links;
    }

    private static final class Parser {
        private final String text;
        private final URI base;
        private int at;

        Parser(String text, URI base) {
            this.text = text;
            this.base = base;
        }

        void links(List<Link> into) {
            while (true) {
                blanks();
                if (at >= text.length()) {
                    return;
                }
                var link = link();
                link.ifPresent(into::add);
                skipTo(',');
                at++;
            }
        }

        private Optional<Link> link() {
            if (text.charAt(at) != '<') {
                return Optional.empty();
            }
            int close = text.indexOf('>', at);
            if (close < 0) {
                at = text.length();
                return Optional.empty();
            }
            var target = text.substring(at + 1, close).strip();
            at = close + 1;
            var params = new LinkedHashMap<String, String>();
            while (true) {
                blanks();
                if (at >= text.length() || text.charAt(at) != ';') {
                    break;
                }
                at++;
                blanks();
                int start = at;
                while (at < text.length() && "=;, \t".indexOf(text.charAt(at)) < 0) {
                    at++;
                }
                var name = text.substring(start, at).toLowerCase(Locale.ROOT);
                blanks();
                var value = "";
                if (at < text.length() && text.charAt(at) == '=') {
                    at++;
                    blanks();
                    value = value();
                }
                params.putIfAbsent(name, value);
            }
            try {
                return Optional.of(new Link(base.resolve(new URI(target)), Map.copyOf(params)));
            } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                return Optional.empty();
            }
        }

        private String value() {
            if (at < text.length() && text.charAt(at) == '"') {
                var value = new StringBuilder();
                for (at++; at < text.length() && text.charAt(at) != '"'; at++) {
                    if (text.charAt(at) == '\\' && at + 1 < text.length()) {
                        at++;
                    }
                    value.append(text.charAt(at));
                }
                at++;
                return value.toString();
            }
            int start = at;
            while (at < text.length() && ";,".indexOf(text.charAt(at)) < 0) {
                at++;
            }
            return text.substring(start, at).strip();
        }

        private void skipTo(char c) {
            while (at < text.length() && text.charAt(at) != c) {
                at++;
            }
        }

        private void blanks() {
            while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
                at++;
            }
        }
    }
}
