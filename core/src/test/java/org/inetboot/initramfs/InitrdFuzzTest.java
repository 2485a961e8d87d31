package org.inetboot.initramfs;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.OutputStream;
import org.inetboot.source.ByteArraySource;

/**
 * Coverage-guided fuzzing of the initrd reader: splitting any bytes into members (every
 * compression the kernel takes), reading each cpio entry and its data must end normally or in an
 * IOException; a runtime exception, a hang or running out of memory is a finding.
 */
class InitrdFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void anyInitrdIsReadOrAClearError(byte[] initrd) {
        try {
            Initrd.walk(
                    new ByteArraySource("fuzzed.img", initrd),
                    (segment, entry, data) -> data.transferTo(OutputStream.nullOutputStream()));
        } catch (IOException expected) {
            // a clear error is a correct answer to a broken initrd
        }
    }
}
