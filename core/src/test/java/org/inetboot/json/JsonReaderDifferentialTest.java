package org.inetboot.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonReader} against Jackson, strict, on generated documents: both read the same values
 * from valid JSON, and whatever JsonReader accepts after random damage, Jackson accepts too and
 * reads the same (JsonReader is never more lenient than the RFC).
 */
class JsonReaderDifferentialTest {

    private static final JsonMapper JACKSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final String DAMAGE = "{}[],:\"\\ 0-.eE+tfn";
    private static final String ALPHABET = "aZ0 \"\\/\b\f\n\r\t\u0001\u001f\u00e9\u4e2d\ud83d\ude00{}[],:";

    private final SplittableRandom random = new SplittableRandom(8);

    @Test
    void bothReadTheSameValuesFromValidDocuments() throws IOException {
        for (int i = 0; i < 2000; i++) {
            var json = JACKSON.writeValueAsString(value(0));
            assertSame(JsonReader.parse(json, "generated"), JACKSON.readTree(json), json);
        }
    }

    @Test
    void whatItAcceptsAfterDamageJacksonAcceptsAndReadsAlike() throws IOException {
        int accepted = 0;
        for (int i = 0; i < 5000; i++) {
            var json = new StringBuilder(JACKSON.writeValueAsString(value(0)));
            for (int damage = 1 + random.nextInt(3); damage > 0 && !json.isEmpty(); damage--) {
                int at = random.nextInt(json.length());
                switch (random.nextInt(3)) {
                    case 0 -> json.deleteCharAt(at);
                    case 1 -> json.insert(at, DAMAGE.charAt(random.nextInt(DAMAGE.length())));
                    default -> json.setCharAt(at, DAMAGE.charAt(random.nextInt(DAMAGE.length())));
                }
            }
            Object ours;
            try {
                ours = JsonReader.parse(json.toString(), "damaged");
            } catch (IOException refused) {
                continue;
            }
            accepted++;
            assertSame(ours, JACKSON.readTree(json.toString()), json.toString());
        }
        assertThat(accepted).as("some damaged documents are still JSON").isPositive();
    }

    private Object value(int depth) {
        int kind = depth > 4 ? 2 + random.nextInt(4) : random.nextInt(6);
        return switch (kind) {
            case 0 -> {
                var map = new LinkedHashMap<String, Object>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    map.put(string(), value(depth + 1));
                }
                yield map;
            }
            case 1 -> {
                var list = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(value(depth + 1));
                }
                yield list;
            }
            case 2 -> string();
            case 3 ->
                random.nextBoolean()
                        ? random.nextLong()
                        : new BigDecimal(random.nextDouble() * 1e6).movePointLeft(random.nextInt(9));
            case 4 -> random.nextBoolean();
            default -> null;
        };
    }

    private String string() {
        var text = new StringBuilder();
        for (int i = random.nextInt(6); i > 0; i--) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    private static void assertSame(Object ours, JsonNode theirs, String json) {
        switch (ours) {
            case Map<?, ?> map -> {
                assertThat(theirs.isObject()).as(json).isTrue();
                assertThat(theirs.size()).as(json).isEqualTo(map.size());
                map.forEach((key, value) -> assertSame(value, theirs.get((String) key), json));
            }
            case List<?> list -> {
                assertThat(theirs.isArray()).as(json).isTrue();
                assertThat(theirs.size()).as(json).isEqualTo(list.size());
                for (int i = 0; i < list.size(); i++) {
                    assertSame(list.get(i), theirs.get(i), json);
                }
            }
            case String text ->
                assertThat(theirs.isTextual() ? theirs.textValue() : theirs)
                        .as(json)
                        .isEqualTo(text);
            case BigDecimal number -> assertThat(theirs.decimalValue()).as(json).isEqualByComparingTo(number);
            case Boolean bool ->
                assertThat(theirs.isBoolean() && theirs.booleanValue() == bool)
                        .as(json)
                        .isTrue();
            case null -> assertThat(theirs.isNull()).as(json).isTrue();
            default -> throw new AssertionError("JsonReader read a " + ours.getClass() + " from " + json);
        }
    }
}
