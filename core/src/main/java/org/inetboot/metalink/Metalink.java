package org.inetboot.metalink;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.inetboot.xml.XmlElement;
import org.inetboot.xml.XmlReader;

/**
 * A Metalink 4 manifest (RFC 5854) of one image: its name and size, the SHA-256 of the whole image
 * and of its pieces, and the mirrors that serve it. Read from and written as {@code .meta4}.
 *
 * @param sha256 the whole image's SHA-256 in lowercase hex, or null
 * @param pieces the SHA-256 of each piece, or null when the manifest has none of that type
 * @param urls   the HTTP(S) mirrors, most preferred first; empty when the image lies beside the manifest
 */
public record Metalink(String fileName, long size, String sha256, Pieces pieces, List<Mirror> urls) {

    public static final String NAMESPACE = "urn:ietf:params:xml:ns:metalink";
    public static final String MEDIA_TYPE = "application/metalink4+xml";
    /** RFC 5854's default priority, the least preferred. */
    public static final int LEAST_PREFERRED = 999_999;

    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,18}");

    public Metalink {
        urls = List.copyOf(urls);
    }

    /**
     * A mirror's URL of the image.
     *
     * @param priority 1 (most preferred) to 999999
     * @param location an ISO 3166-1 country code, or null
     */
    public record Mirror(URI uri, int priority, String location) {}

    /** Parses a {@code .meta4}; {@code name} (its URL or path) is for error messages. */
    public static Metalink parse(byte[] xml, String name) throws IOException {
        var root = XmlReader.parse(xml, name);
        if (!root.is(NAMESPACE, "metalink")) {
            throw new MetalinkFormatException(
                    name,
                    "the root element is {" + root.namespace() + "}" + root.name() + ", not a Metalink 4 <metalink>");
        }
        var files = root.children(NAMESPACE, "file");
        if (files.size() != 1) {
            throw new MetalinkFormatException(
                    name, "it describes " + files.size() + " files; a manifest for InetBoot describes one image");
        }
        return file(files.getFirst(), name);
    }

    private static Metalink file(XmlElement file, String name) throws MetalinkFormatException {
        var fileName = file.attribute("name")
                .filter(n -> !n.isBlank())
                .orElseThrow(() -> new MetalinkFormatException(name, "<file> has no name"));
        var where = name + ": <file name=\"" + fileName + "\">";
        long size = number(one(file, "size", where), where + " <size>");
        if (size <= 0) {
            throw new MetalinkFormatException(where, "<size> is 0");
        }
        String sha256 = null;
        for (var hash : file.children(NAMESPACE, "hash")) {
            if (hash.attribute("type").orElse("").equalsIgnoreCase("sha-256")) {
                sha256 = hex(hash.text(), where + " <hash type=\"sha-256\">");
            }
        }
        Pieces pieces = null;
        for (var element : file.children(NAMESPACE, "pieces")) {
            if (element.attribute("type").orElse("").equalsIgnoreCase("sha-256")) {
                pieces = pieces(element, size, where);
            }
        }
        var urls = new ArrayList<Mirror>();
        for (var url : file.children(NAMESPACE, "url")) {
            mirror(url, where).ifPresent(urls::add);
        }
        urls.sort(Comparator.comparingInt(Mirror::priority));
        return new Metalink(fileName, size, sha256, pieces, urls);
    }

    private static Pieces pieces(XmlElement element, long size, String where) throws MetalinkFormatException {
        var at = where + " <pieces>";
        long length = number(element.attribute("length").orElse(""), at + " length");
        if (length < Pieces.MIN_LENGTH || length > Pieces.MAX_LENGTH) {
            throw new MetalinkFormatException(
                    at,
                    "piece length " + length + " lies outside " + Pieces.MIN_LENGTH + "-" + Pieces.MAX_LENGTH
                            + " bytes");
        }
        var hashes = element.children(NAMESPACE, "hash");
        long expected = Pieces.count(size, length);
        if (hashes.size() != expected) {
            throw new MetalinkFormatException(
                    at,
                    hashes.size() + " hashes for the " + expected + " pieces of " + length + " bytes in " + size
                            + " bytes");
        }
        var bytes = new byte[hashes.size() * 32];
        for (int i = 0; i < hashes.size(); i++) {
            var hex = hex(hashes.get(i).text(), at + " hash " + i);
            System.arraycopy(HexFormat.of().parseHex(hex), 0, bytes, i * 32, 32);
        }
        return Pieces.of(size, (int) length, bytes);
    }

    /** An http or https {@code <url>}; others (ftp, torrent) are skipped. */
    private static Optional<Mirror> mirror(XmlElement url, String where) throws MetalinkFormatException {
        var text = url.text().strip();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new MetalinkFormatException(where, "malformed <url> '" + text + "': " + e.getReason());
        }
        var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            return Optional.empty();
        }
        int priority = LEAST_PREFERRED;
        var given = url.attribute("priority");
        if (given.isPresent()) {
            long value = number(given.get(), where + " <url priority>");
            if (value < 1 || value > LEAST_PREFERRED) {
                throw new MetalinkFormatException(where, "<url priority=\"" + value + "\"> lies outside 1-999999");
            }
            priority = (int) value;
        }
        return Optional.of(new Mirror(uri, priority, url.attribute("location").orElse(null)));
    }

    private static String one(XmlElement parent, String child, String where) throws MetalinkFormatException {
        var found = parent.children(NAMESPACE, child);
        if (found.size() != 1) {
            throw new MetalinkFormatException(where, "expected one <" + child + ">, found " + found.size());
        }
        return found.getFirst().text();
    }

    private static long number(String text, String where) throws MetalinkFormatException {
        var value = text.strip();
        if (!DECIMAL.matcher(value).matches()) {
            throw new MetalinkFormatException(where, "'" + shorten(value) + "' is not a number of bytes");
        }
        return Long.parseLong(value);
    }

    private static String hex(String text, String where) throws MetalinkFormatException {
        var value = text.strip();
        if (!SHA256.matcher(value).matches()) {
            throw new MetalinkFormatException(where, "'" + shorten(value) + "' is not a SHA-256 in hex");
        }
        return value.toLowerCase(Locale.ROOT);
    }

    private static String shorten(String value) {
        return value.length() > 80 ? value.substring(0, 80) + "…" : value;
    }

    /** This manifest as a {@code .meta4} document. */
    public String toXml() {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<metalink xmlns=\"")
                .append(NAMESPACE)
                .append("\">\n  <generator>InetBoot</generator>\n  <file name=\"")
                .append(escape(fileName))
                .append("\">\n    <size>")
                .append(size)
                .append("</size>\n");
        if (sha256 != null) {
            xml.append("    <hash type=\"sha-256\">").append(sha256).append("</hash>\n");
        }
        if (pieces != null) {
            xml.append("    <pieces length=\"").append(pieces.length()).append("\" type=\"sha-256\">\n");
            for (int i = 0; i < pieces.count(); i++) {
                xml.append("      <hash>").append(pieces.hex(i)).append("</hash>\n");
            }
            xml.append("    </pieces>\n");
        }
        for (var url : urls) {
            xml.append("    <url priority=\"").append(url.priority()).append('"');
            if (url.location() != null) {
                xml.append(" location=\"").append(escape(url.location())).append('"');
            }
            xml.append('>').append(escape(url.uri().toASCIIString())).append("</url>\n");
        }
        return xml.append("  </file>\n</metalink>\n").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("\t", "&#9;")
                .replace("\n", "&#10;")
                .replace("\r", "&#13;");
    }
}
