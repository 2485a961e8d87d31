package org.inetboot.metalink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetalinkTest {

    private static final String H = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    @Test
    void writesAndReadsBackTheSameManifest() throws IOException {
        var hashes = new byte[3 * 32];
        hashes[40] = 7;
        var manifest = new Metalink(
                "debian live <1>.iso",
                2 * 1024 + 5,
                H,
                Pieces.of(2 * 1024 + 5, 1024, hashes),
                List.of(
                        new Metalink.Mirror(URI.create("https://b.example/iso/x.iso"), 2, null),
                        new Metalink.Mirror(URI.create("http://a.example/x.iso?a=1&b=2"), 1, "de")));
        var read = Metalink.parse(manifest.toXml().getBytes(StandardCharsets.UTF_8), "m.meta4");
        assertEquals("debian live <1>.iso", read.fileName());
        assertEquals(2053, read.size());
        assertEquals(H, read.sha256());
        assertEquals(1024, read.pieces().length());
        assertEquals(3, read.pieces().count());
        assertEquals(5, read.pieces().size(2));
        assertEquals(manifest.pieces().hex(1), read.pieces().hex(1));
        assertEquals(
                List.of("http://a.example/x.iso?a=1&b=2", "https://b.example/iso/x.iso"),
                read.urls().stream().map(m -> m.uri().toString()).toList());
        assertEquals("de", read.urls().getFirst().location());
    }

    @Test
    void piecesMatchOnlyTheirOwnBytes() throws Exception {
        var data = new byte[1500];
        data[1200] = 9;
        var digest = java.security.MessageDigest.getInstance("SHA-256");
        var hashes = new byte[64];
        digest.update(data, 0, 1024);
        System.arraycopy(digest.digest(), 0, hashes, 0, 32);
        digest.update(data, 1024, 476);
        System.arraycopy(digest.digest(), 0, hashes, 32, 32);
        var pieces = Pieces.of(1500, 1024, hashes);
        assertTrue(pieces.matches(1, ByteBuffer.wrap(data, 1024, 476)));
        data[1200] = 8;
        assertFalse(pieces.matches(1, ByteBuffer.wrap(data, 1024, 476)));
        assertFalse(pieces.matches(0, ByteBuffer.wrap(data, 0, 1000)));
    }

    @Test
    void skipsUrlsThatAreNotHttpAndOrdersByPriority() throws IOException {
        var read = parse("<size>10</size><url>ftp://x/a</url><url priority='5'>http://b/a</url>"
                + "<url priority='2'>https://c/a</url><url>http://d/a</url>");
        assertEquals(
                List.of("https://c/a", "http://b/a", "http://d/a"),
                read.urls().stream().map(m -> m.uri().toString()).toList());
        assertEquals(Metalink.LEAST_PREFERRED, read.urls().getLast().priority());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "<size>0</size>|m: <file name=\"a.iso\">: <size> is 0",
                "<size>x</size>|m: <file name=\"a.iso\"> <size>: 'x' is not a number of bytes",
                "<size>1</size><size>2</size>|m: <file name=\"a.iso\">: expected one <size>, found 2",
                "<size>2048</size><pieces type='sha-256' length='0'><hash>" + H
                        + "</hash></pieces>|m: <file name=\"a.iso\"> <pieces>: piece length 0 lies outside 1024-67108864 bytes",
                "<size>2048</size><pieces type='sha-256' length='1099511627776'><hash>" + H
                        + "</hash></pieces>|m: <file name=\"a.iso\"> <pieces>: piece length 1099511627776 lies outside 1024-67108864 bytes",
                "<size>2049</size><pieces type='sha-256' length='1024'><hash>" + H + "</hash><hash>" + H
                        + "</hash></pieces>|m: <file name=\"a.iso\"> <pieces>: 2 hashes for the 3 pieces of 1024 bytes in 2049 bytes",
                "<size>1024</size><pieces type='sha-256' length='1024'><hash>abc</hash></pieces>|m: <file name=\"a.iso\"> <pieces> hash 0: 'abc' is not a SHA-256 in hex",
                "<size>1</size><url priority='0'>http://a/b</url>|m: <file name=\"a.iso\">: <url priority=\"0\"> lies outside 1-999999",
            })
    void refusesWhatNoImageCanBe(String file, String message) {
        var e = assertThrows(MetalinkFormatException.class, () -> parse(file));
        assertEquals(message, e.getMessage());
    }

    @Test
    void refusesOtherDocumentsAndSeveralFiles() {
        assertEquals(
                "m: the root element is {}metalink, not a Metalink 4 <metalink>",
                assertThrows(IOException.class, () -> Metalink.parse("<metalink/>".getBytes(), "m"))
                        .getMessage());
        assertEquals(
                "m: it describes 2 files; a manifest for InetBoot describes one image",
                assertThrows(
                                IOException.class,
                                () -> Metalink.parse(
                                        ("<metalink xmlns='urn:ietf:params:xml:ns:metalink'><file name='a'/><file name='b'/>"
                                                        + "</metalink>")
                                                .getBytes(),
                                        "m"))
                        .getMessage());
        var bomb = "<?xml version='1.0'?><!DOCTYPE m [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;'>]>"
                + "<metalink xmlns='urn:ietf:params:xml:ns:metalink'>&b;</metalink>";
        assertEquals(
                "m at offset 21: a DOCTYPE is not allowed (no entity declarations, no external references)",
                assertThrows(IOException.class, () -> Metalink.parse(bomb.getBytes(), "m"))
                        .getMessage());
    }

    private static Metalink parse(String file) throws IOException {
        var xml = "<metalink xmlns='urn:ietf:params:xml:ns:metalink'><file name='a.iso'>" + file + "</file></metalink>";
        return Metalink.parse(xml.getBytes(StandardCharsets.UTF_8), "m");
    }
}
