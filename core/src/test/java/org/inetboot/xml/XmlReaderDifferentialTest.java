package org.inetboot.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Random;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import org.junit.jupiter.api.Test;

/**
 * Our reader against the JDK's StAX parser on thousands of mutations of a manifest: both accept
 * or both refuse, and what both accept reads as the same tree.
 */
class XmlReaderDifferentialTest {

    private static final String SEED = """
            <?xml version="1.0" encoding="UTF-8"?>
            <metalink xmlns="urn:ietf:params:xml:ns:metalink" xmlns:i="urn:inetboot">
              <!-- generated -->
              <file name="debian &amp; live.iso" i:note='a "b"'>
                <size>524288</size>
                <hash type="sha-256">&#x61;bc</hash>
                <pieces length="262144" type="sha-256"><hash>00</hash><hash>11</hash></pieces>
                <url priority="1" location="de"><![CDATA[http://a/x?y=1&z=2]]></url>
              </file>
            </metalink>
            """;
    private static final String ALPHABET = "<>/&;\"'=x:! ?-[]#";
    /** A name that starts with ':', which the JDK takes and Namespaces in XML forbids (we refuse it). */
    private static final java.util.regex.Pattern COLON_NAME = java.util.regex.Pattern.compile("[\\s</?]:|::");

    @Test
    void agreesWithTheJdkOnMutatedManifests() {
        var random = new Random(5854);
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            var doc = mutate(SEED, random, 1 + random.nextInt(3));
            var ours = ours(doc);
            var jdk = jdk(doc);
            if (ours.equals("error") && COLON_NAME.matcher(doc).find()) {
                continue;
            }
            assertEquals(jdk, ours, doc);
            if (!ours.startsWith("error")) {
                accepted++;
            }
        }
        System.out.println(accepted + " of 20000 mutations well-formed");
    }

    private static String mutate(String doc, Random random, int edits) {
        var text = new StringBuilder(doc);
        for (int i = 0; i < edits; i++) {
            int at = random.nextInt(text.length());
            switch (random.nextInt(3)) {
                case 0 -> text.deleteCharAt(at);
                case 1 -> text.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                default -> text.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
        }
        return text.toString();
    }

    private static String ours(String doc) {
        try {
            var out = new StringBuilder();
            describe(XmlReader.parse(doc.getBytes(StandardCharsets.UTF_8), "doc"), out);
            return out.toString();
        } catch (Exception e) {
            return "error";
        }
    }

    private static void describe(XmlElement element, StringBuilder out) {
        out.append('{').append(element.namespace()).append('}').append(element.name());
        element.attributes().entrySet().stream()
                .sorted(java.util.Map.Entry.comparingByKey())
                .forEach(a -> out.append(' ').append(a.getKey()).append('=').append(a.getValue()));
        out.append('[').append(element.text().strip());
        element.children().forEach(child -> describe(child, out));
        out.append(']');
    }

    /** The same description from StAX; a DOCTYPE (which we refuse by design) counts as an error. */
    private static String jdk(String doc) {
        var factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        try {
            var reader = factory.createXMLStreamReader(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)));
            var stack = new ArrayList<StringBuilder[]>(); // [header, text, children]
            String result = null;
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.DTD) {
                    return "error";
                } else if (event == XMLStreamConstants.START_ELEMENT) {
                    var header =
                            new StringBuilder("{" + nonNull(reader.getNamespaceURI()) + "}" + reader.getLocalName());
                    var attributes = new ArrayList<String>();
                    for (int a = 0; a < reader.getAttributeCount(); a++) {
                        var ns = nonNull(reader.getAttributeNamespace(a));
                        attributes.add((ns.isEmpty() ? "" : "{" + ns + "}") + reader.getAttributeLocalName(a) + "="
                                + reader.getAttributeValue(a));
                    }
                    attributes.stream().sorted().forEach(a -> header.append(' ').append(a));
                    stack.add(new StringBuilder[] {header, new StringBuilder(), new StringBuilder()});
                } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                    if (!stack.isEmpty()) {
                        stack.getLast()[1].append(reader.getText());
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    var top = stack.removeLast();
                    var done = top[0] + "[" + top[1].toString().strip() + top[2] + "]";
                    if (stack.isEmpty()) {
                        result = done;
                    } else {
                        stack.getLast()[2].append(done);
                    }
                }
            }
            return result == null ? "error" : result;
        } catch (XMLStreamException | RuntimeException e) {
            return "error";
        }
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
