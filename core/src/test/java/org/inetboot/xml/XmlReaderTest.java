package org.inetboot.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class XmlReaderTest {

    @Test
    void readsNamespacesAttributesTextAndReferences() throws Exception {
        var root = parse("""
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- a comment -->
                <m:metalink xmlns:m="urn:a" xmlns="urn:b" xmlns:x="urn:x">
                  <file name="a&amp;b &#x41;&#66;" x:extra='q"'>
                    <size>1<!-- c -->0<?pi data?></size>
                    <text><![CDATA[<not> &an; element]]> &lt;&gt;&apos;&quot;</text>
                    <empty/>
                  </file>
                </m:metalink>
                """);
        assertEquals("urn:a", root.namespace());
        assertEquals("metalink", root.name());
        var file = root.children("urn:b", "file").getFirst();
        assertEquals(Map.of("name", "a&b AB", "{urn:x}extra", "q\""), file.attributes());
        assertEquals("10", file.children("urn:b", "size").getFirst().text());
        assertEquals(
                "<not> &an; element <>'\"",
                file.children("urn:b", "text").getFirst().text());
        assertEquals("", file.children("urn:b", "empty").getFirst().text());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "<!DOCTYPE l [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;\">]><l>&b;</l>|at offset 0: a DOCTYPE is not allowed (no entity declarations, no external references)",
                "<l>&xxe;</l>|at offset 3: undefined entity &xxe;",
                "<a><b></a></b>|at offset 10: </a> closes <b>",
                "<a>|at offset 3: element a is not closed",
                "<a x='1' x='2'/>|at offset 9: attribute x appears twice",
                "<p:a/>|at offset 0: namespace prefix p is not declared",
                "<a/><b/>|at offset 4: nothing but comments may follow the root element",
                "<?xml version='1.0' encoding='ISO-8859-1'?><a/>|at offset 0: encoding ISO-8859-1 is not supported (only UTF-8)",
                "<a>&#0;</a>|at offset 3: character reference to U+0, which XML does not allow",
                "<a b=c/>|at offset 5: an attribute's value must be quoted",
                "<a>&amp</a>|at offset 3: '&' starts no reference",
                "|at offset 0: the root element is missing",
                "<a><!ENTITY x 'y'></a>|at offset 3: declarations are not allowed inside an element",
            })
    void refusesWhatIsNotWellFormedOrDeclaresEntities(String xml, String message) {
        var e = assertThrows(XmlFormatException.class, () -> parse(xml == null ? "" : xml));
        assertEquals("doc " + message, e.getMessage());
    }

    @Test
    void refusesDeepNestingAndBytesThatAreNotUtf8() {
        var deep = "<a>".repeat(65) + "</a>".repeat(65);
        assertEquals(
                "doc at offset 192: elements nested deeper than 64",
                assertThrows(XmlFormatException.class, () -> parse(deep)).getMessage());
        assertEquals(
                "doc at offset 0: not UTF-8 text",
                assertThrows(
                                XmlFormatException.class,
                                () -> XmlReader.parse(new byte[] {'<', (byte) 0xC3, '/', '>'}, "doc"))
                        .getMessage());
    }

    @Test
    void refusesMoreElementsThanAnyManifestHas() {
        var many = "<a>" + "<b/>".repeat(XmlReader.MAX_ELEMENTS) + "</a>";
        assertEquals(
                "doc at offset " + (3 + 4 * (XmlReader.MAX_ELEMENTS - 1)) + ": more than " + XmlReader.MAX_ELEMENTS
                        + " elements",
                assertThrows(XmlFormatException.class, () -> parse(many)).getMessage());
    }

    private static XmlElement parse(String xml) throws Exception {
        return XmlReader.parse(xml.getBytes(StandardCharsets.UTF_8), "doc");
    }
}
