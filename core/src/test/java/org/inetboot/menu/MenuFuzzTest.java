package org.inetboot.menu;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;

/**
 * Coverage-guided fuzzing of the boot-menu parsers: any text in a configuration and in the file it
 * includes must give entries and warnings, never an exception, a hang or unbounded work. Each
 * input is two files: the configuration, and the one it may include, source or chain to.
 */
class MenuFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void grubReadsAnyConfiguration(FuzzedDataProvider data) {
        var main = data.consumeString(4096);
        var files = Map.of("/boot/grub/grub.cfg", main, "/boot/grub/x.cfg", data.consumeRemainingAsString());
        GrubParser.parse(Configs.of(files), "/boot/grub/grub.cfg", Map.of());
    }

    @FuzzTest(maxDuration = "20s")
    void syslinuxReadsAnyConfiguration(FuzzedDataProvider data) {
        var main = data.consumeString(4096);
        var files = Map.of("/isolinux/isolinux.cfg", main, "/isolinux/x.cfg", data.consumeRemainingAsString());
        SyslinuxParser.parse(Configs.of(files), "/isolinux/isolinux.cfg");
    }
}
