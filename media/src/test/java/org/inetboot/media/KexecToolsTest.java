package org.inetboot.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.inetboot.host.DebianPackages;
import org.inetboot.host.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KexecToolsTest {

    @TempDir
    Path root;

    /** This host has no Xen libraries: the program starts only if the list carried closes over what it links. */
    @Test
    void theProgramRunsWithTheLibrariesTheMediumCarries() throws Exception {
        for (var file : KexecTools.files(DebianPackages.inUserCache()).entrySet()) {
            Trees.copy(file.getValue(), root.resolve(file.getKey()));
        }
        var kexec = new ProcessBuilder(root.resolve("sbin/kexec").toString(), "--version").redirectErrorStream(true);
        kexec.environment()
                .put("LD_LIBRARY_PATH", root.resolve(KexecTools.LIBRARIES_DIR).toString());
        var process = kexec.start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        assertThat(output).startsWith("kexec-tools 2.0.");
    }
}
