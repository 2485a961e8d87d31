package org.inetboot.xml;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a UTF-8 XML document with namespaces into {@link XmlElement}s: elements, attributes, text,
 * CDATA, the five predefined entities and character references; comments and processing
 * instructions are skipped. A DOCTYPE is refused, so no entity can be declared or expand, and
 * nothing outside the document is ever fetched. Nesting and the number of elements are capped; an
 * error names the document and the offset. The media's runtime carries no java.xml (11 MB): Metalink needs no more than this.
 */
public final class XmlReader {

    private static final int MAX_DEPTH = 64;
    /** A bound on the tree's memory: a 64 GiB image in 64 KiB pieces has as many hashes. */
    static final int MAX_ELEMENTS = 1 << 20;

    private static final String XML = "http://www.w3.org/XML/1998/namespace";
    private static final Pattern NAME =
            Pattern.compile("[\\p{L}_][\\p{L}\\p{Nd}._\\-·\\p{M}]*(:[\\p{L}_][\\p{L}\\p{Nd}._\\-·\\p{M}]*)?");

    private static final Pattern DECLARATION = Pattern.compile("<\\?xml\\s+version\\s*=\\s*([\"'])1\\.[0-9]+\\1"
            + "(\\s+encoding\\s*=\\s*([\"'])([A-Za-z][A-Za-z0-9._-]*)\\3)?"
            + "(\\s+standalone\\s*=\\s*([\"'])(yes|no)\\6)?\\s*\\?>");

    private final String text;
    private final String name;
    private int at;
    private int elements;

    private XmlReader(String text, String name) {
        this.text = text;
        this.name = name;
    }

    /** Parses {@code bytes}; {@code name} (a URL, a path) is for error messages. */
    public static XmlElement parse(byte[] bytes, String name) throws IOException {
        var reader = new XmlReader(decode(bytes, name), name);
        reader.prolog();
        var root = reader.element(Map.of("xml", XML), 0);
        reader.misc();
        if (reader.at < reader.text.length()) {
            throw reader.error("nothing but comments may follow the root element");
        }
        return root;
    }

    private static String decode(byte[] bytes, String name) throws XmlFormatException {
        try {
            var text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new XmlFormatException(name, 0, "not UTF-8 text");
        }
    }

    /** The XML declaration (UTF-8 only), comments, and no DOCTYPE. */
    private void prolog() throws XmlFormatException {
        if (text.startsWith("<?xml") && text.length() > 5 && (isBlank(text.charAt(5)) || text.charAt(5) == '?')) {
            var declaration = DECLARATION.matcher(text);
            if (!declaration.lookingAt()) {
                throw error("malformed XML declaration");
            }
            var encoding = declaration.group(4);
            if (encoding != null && !encoding.equalsIgnoreCase("UTF-8") && !encoding.equalsIgnoreCase("US-ASCII")) {
                throw error("encoding " + encoding + " is not supported (only UTF-8)");
            }
            at = declaration.end();
        }
        misc();
        if (text.startsWith("<!DOCTYPE", at)) {
            throw error("a DOCTYPE is not allowed (no entity declarations, no external references)");
        }
        if (!text.startsWith("<", at)) {
            throw error("the root element is missing");
        }
    }

    /** Blanks, comments and processing instructions between elements. */
    private void misc() throws XmlFormatException {
        while (true) {
            while (at < text.length() && isBlank(text.charAt(at))) {
                at++;
            }
            if (text.startsWith("<!--", at)) {
                comment();
            } else if (text.startsWith("<?", at)) {
                processingInstruction();
            } else {
                return;
            }
        }
    }

    private XmlElement element(Map<String, String> scope, int depth) throws XmlFormatException {
        if (depth >= MAX_DEPTH) {
            throw error("elements nested deeper than " + MAX_DEPTH);
        }
        if (++elements > MAX_ELEMENTS) {
            throw error("more than " + MAX_ELEMENTS + " elements");
        }
        int start = at;
        at++; // '<'
        var qname = name();
        var raw = new LinkedHashMap<String, String>();
        boolean empty = attributes(raw);
        var namespaces = new HashMap<>(scope);
        raw.forEach((key, value) -> {
            if (key.equals("xmlns")) {
                namespaces.put("", value);
            } else if (key.startsWith("xmlns:")) {
                namespaces.put(key.substring(6), value);
            }
        });
        var attributes = new LinkedHashMap<String, String>();
        for (var attribute : raw.entrySet()) {
            var key = attribute.getKey();
            if (key.equals("xmlns") || key.startsWith("xmlns:")) {
                continue;
            }
            int colon = key.indexOf(':');
            var expanded = colon < 0
                    ? key
                    : "{" + namespace(namespaces, key.substring(0, colon), start) + "}" + key.substring(colon + 1);
            if (attributes.put(expanded, attribute.getValue()) != null) {
                throw new XmlFormatException(name, start, "attribute " + key + " appears twice");
            }
        }
        int colon = qname.indexOf(':');
        var namespace =
                colon < 0 ? namespaces.getOrDefault("", "") : namespace(namespaces, qname.substring(0, colon), start);
        var local = qname.substring(colon + 1);
        var children = new ArrayList<XmlElement>();
        var content = new StringBuilder();
        if (!empty) {
            content(qname, namespaces, children, content, depth);
        }
        return new XmlElement(namespace, local, attributes, children, content.toString());
    }

    private String namespace(Map<String, String> namespaces, String prefix, int offset) throws XmlFormatException {
        var uri = namespaces.get(prefix);
        if (uri == null || uri.isEmpty()) {
            throw new XmlFormatException(name, offset, "namespace prefix " + prefix + " is not declared");
        }
        return uri;
    }

    /** Reads attributes up to '>' or '/>'; true for an empty element. */
    private boolean attributes(Map<String, String> into) throws XmlFormatException {
        while (true) {
            boolean blank = blanks();
            if (text.startsWith("/>", at)) {
                at += 2;
                return true;
            }
            if (text.startsWith(">", at)) {
                at++;
                return false;
            }
            if (!blank) {
                throw error("expected a blank, '>' or '/>'");
            }
            int start = at;
            var key = name();
            blanks();
            expect('=');
            blanks();
            if (into.put(key, attributeValue()) != null) {
                throw new XmlFormatException(name, start, "attribute " + key + " appears twice");
            }
        }
    }

    private String attributeValue() throws XmlFormatException {
        if (at >= text.length() || (text.charAt(at) != '"' && text.charAt(at) != '\'')) {
            throw error("an attribute's value must be quoted");
        }
        char quote = text.charAt(at++);
        var value = new StringBuilder();
        while (true) {
            if (at >= text.length()) {
                throw error("unterminated attribute value");
            }
            char c = text.charAt(at);
            if (c == quote) {
                at++;
                return value.toString();
            } else if (c == '<') {
                throw error("'<' inside an attribute value");
            } else if (c == '&') {
                value.append(reference());
            } else {
                value.append(isBlank(c) ? ' ' : allowed(c));
                at++;
            }
        }
    }

    private void content(
            String qname, Map<String, String> namespaces, List<XmlElement> children, StringBuilder content, int depth)
            throws XmlFormatException {
        while (true) {
            if (at >= text.length()) {
                throw error("element " + qname + " is not closed");
            }
            char c = text.charAt(at);
            if (c == '&') {
                content.append(reference());
            } else if (c != '<') {
                content.append(allowed(c));
                at++;
            } else if (text.startsWith("</", at)) {
                at += 2;
                var closing = name();
                blanks();
                expect('>');
                if (!closing.equals(qname)) {
                    throw error("</" + closing + "> closes <" + qname + ">");
                }
                return;
            } else if (text.startsWith("<![CDATA[", at)) {
                int end = until("]]>");
                content.append(text, at + 9, end);
                at = end + 3;
            } else if (text.startsWith("<!--", at)) {
                comment();
            } else if (text.startsWith("<?", at)) {
                processingInstruction();
            } else if (text.startsWith("<!", at)) {
                throw error("declarations are not allowed inside an element");
            } else {
                children.add(element(namespaces, depth + 1));
            }
        }
    }

    /** A comment, which may not hold "--". */
    private void comment() throws XmlFormatException {
        int start = at;
        at += 4;
        int end = until("--");
        if (!text.startsWith("-->", end)) {
            throw new XmlFormatException(name, start, "'--' inside a comment");
        }
        for (; at < end; at++) {
            allowed(text.charAt(at));
        }
        at = end + 3;
    }

    /** A processing instruction: a target other than "xml", then nothing or a blank and data. */
    private void processingInstruction() throws XmlFormatException {
        int start = at;
        at += 2;
        var target = name();
        if (target.equalsIgnoreCase("xml")) {
            throw new XmlFormatException(name, start, "an XML declaration is allowed only at the very start");
        }
        int end = until("?>");
        if (end > at && !blanks()) {
            throw error("expected a blank after the processing instruction's target");
        }
        for (; at < end; at++) {
            allowed(text.charAt(at));
        }
        at = end + 2;
    }

    /** An entity or character reference at '&'. */
    private String reference() throws XmlFormatException {
        int end = text.indexOf(';', at);
        if (end < 0 || end - at > 12) {
            throw error("'&' starts no reference");
        }
        var ref = text.substring(at + 1, end);
        var value = switch (ref) {
            case "lt" -> "<";
            case "gt" -> ">";
            case "amp" -> "&";
            case "apos" -> "'";
            case "quot" -> "\"";
            default -> characterReference(ref);
        };
        at = end + 1;
        return value;
    }

    private String characterReference(String ref) throws XmlFormatException {
        try {
            if (ref.startsWith("#x") && ref.length() > 2) {
                return Character.toString(validChar(Integer.parseInt(ref.substring(2), 16)));
            }
            if (ref.startsWith("#") && ref.length() > 1) {
                return Character.toString(validChar(Integer.parseInt(ref.substring(1))));
            }
        } catch (NumberFormatException e) {
            throw error("malformed character reference &" + ref + ";");
        }
        throw error("undefined entity &" + ref + ";");
    }

    private int validChar(int c) throws XmlFormatException {
        boolean ok = c == 0x9
                || c == 0xA
                || c == 0xD
                || (c >= 0x20 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0x10FFFF);
        if (!ok) {
            throw error("character reference to U+" + Integer.toHexString(c) + ", which XML does not allow");
        }
        return c;
    }

    private String name() throws XmlFormatException {
        var matcher = NAME.matcher(text).region(at, text.length());
        if (!matcher.lookingAt()) {
            throw error("expected a name");
        }
        at = matcher.end();
        return matcher.group();
    }

    /** The offset of {@code end} after here; an error when the document ends first. */
    private int until(String end) throws XmlFormatException {
        int found = text.indexOf(end, at);
        if (found < 0) {
            throw error("'" + end + "' is missing");
        }
        return found;
    }

    private boolean blanks() {
        int start = at;
        while (at < text.length() && isBlank(text.charAt(at))) {
            at++;
        }
        return at > start;
    }

    private void expect(char c) throws XmlFormatException {
        if (at >= text.length() || text.charAt(at) != c) {
            throw error("expected '" + c + "'");
        }
        at++;
    }

    /** A character of the document: XML 1.0 allows no control characters but blanks. */
    private char allowed(char c) throws XmlFormatException {
        if (c < 0x20 && !isBlank(c) || c == 0xFFFE || c == 0xFFFF) {
            throw error("character U+" + Integer.toHexString(c) + ", which XML does not allow");
        }
        return c;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private XmlFormatException error(String problem) {
        return new XmlFormatException(name, at, problem);
    }
}
