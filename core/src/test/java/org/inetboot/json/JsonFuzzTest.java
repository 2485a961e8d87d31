package org.inetboot.json;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Coverage-guided fuzzing of the JSON reader (the medium reads catalogs from the network): a value or an IOException. */
class JsonFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void anyTextIsAValueOrAClearError(byte[] text) {
        try {
            JsonReader.parse(new String(text, StandardCharsets.UTF_8), "fuzzed.json");
        } catch (IOException expected) {
            // a clear error is a correct answer to broken JSON
        }
    }
}
