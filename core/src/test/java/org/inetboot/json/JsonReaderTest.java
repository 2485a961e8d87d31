package org.inetboot.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReaderTest {

    @Test
    void readsWhatTheWriterWrites() throws IOException {
        var value = Map.of(
                "images",
                List.of(Map.of("name", "Debian \"live\" \u00e9\n\t\\/", "size", 3_221_225_472L, "ok", true)),
                "none",
                List.of());
        var text = Json.write(value);
        assertThat(JsonReader.parse(text, "t"))
                .isEqualTo(Map.of(
                        "images",
                        List.of(Map.of(
                                "name",
                                "Debian \"live\" \u00e9\n\t\\/",
                                "size",
                                new BigDecimal("3221225472"),
                                "ok",
                                true)),
                        "none",
                        List.of()));
    }

    @Test
    void everyKindOfValue() throws IOException {
        assertThat(JsonReader.parse(" [ -1.5e3 , 0 , null , false , \"\\u0041\\u00e9\" , {} ] ", "t"))
                .isEqualTo(Arrays.asList(new BigDecimal("-1.5e3"), BigDecimal.ZERO, null, false, "A\u00e9", Map.of()));
    }

    @Test
    void errorsNameTheDocumentAndTheOffset() {
        assertThatThrownBy(() -> JsonReader.parse("[1, 2", "http://m/menu.json"))
                .hasMessage("http://m/menu.json at offset 5: not JSON: expected ',' or ']'");
        assertThatThrownBy(() -> JsonReader.parse("{\"a\" 1}", "m"))
                .hasMessage("m at offset 5: not JSON: expected ':'");
        assertThatThrownBy(() -> JsonReader.parse("[01]", "m"))
                .hasMessage("m at offset 2: not JSON: expected ',' or ']'");
        assertThatThrownBy(() -> JsonReader.parse("\"a", "m"))
                .hasMessage("m at offset 2: not JSON: a string is not closed");
        assertThatThrownBy(() -> JsonReader.parse("{} x", "m"))
                .hasMessage("m at offset 3: not JSON: nothing may follow the value");
        assertThatThrownBy(() -> JsonReader.parse("", "m")).hasMessage("m at offset 0: not JSON: a value is missing");
        assertThatThrownBy(() -> JsonReader.parse("tru", "m")).hasMessage("m at offset 0: not JSON: expected a value");
        // found by JsonFuzzTest: exponents past an int were a NumberFormatException
        assertThatThrownBy(() -> JsonReader.parse("[1e99999999999]", "m"))
                .hasMessage("m at offset 1: not JSON: a number beyond 1e1000");
        assertThatThrownBy(() -> JsonReader.parse("[1e-5000]", "m"))
                .hasMessage("m at offset 1: not JSON: a number beyond 1e1000");
        assertThatThrownBy(() -> JsonReader.parse("\"\\x\"", "m"))
                .hasMessage("m at offset 2: not JSON: an unknown escape");
        assertThatThrownBy(() -> JsonReader.parse("[".repeat(100), "m"))
                .hasMessage("m at offset 65: not JSON: nested deeper than 64");
    }
}
