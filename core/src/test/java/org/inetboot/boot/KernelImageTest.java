package org.inetboot.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import org.inetboot.host.DebianKernel;
import org.junit.jupiter.api.Test;

class KernelImageTest {

    @Test
    void aDebianKernelNamesTheReleaseItsModulesAreUnder() throws IOException {
        var kernel = DebianKernel.get();
        assertThat(KernelImage.release(Files.readAllBytes(kernel.vmlinuz()))).hasValue(kernel.version());
    }

    @Test
    void anythingElseNamesNone() throws IOException {
        var image = Files.readAllBytes(DebianKernel.get().vmlinuz());
        assertThat(KernelImage.release(Arrays.copyOf(image, 0x100))).isEmpty();
        var noMagic = image.clone();
        noMagic[0x202] = 'X';
        assertThat(KernelImage.release(noMagic)).isEmpty();
        var outside = image.clone();
        outside[0x20e] = (byte) 0xff;
        outside[0x20f] = (byte) 0xff;
        assertThat(KernelImage.release(Arrays.copyOf(outside, 0x8000))).isEmpty();
        assertThat(KernelImage.release(new byte[0x1000])).isEmpty();
    }
}
