package org.inetboot.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import org.inetboot.host.DebianKernel;
import org.inetboot.host.DebianPackages;
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

    @Test
    void kexecTakesA64BitBzImageOnly() throws IOException {
        var image = Files.readAllBytes(DebianKernel.get().vmlinuz());
        assertThat(KernelImage.kexecProblem(image)).isEmpty();
        assertThat(KernelImage.kexecProblem(Arrays.copyOf(image, KernelImage.HEADER_BYTES)))
                .isEmpty();
        assertThat(KernelImage.kexecProblem(Arrays.copyOf(image, 0x100)))
                .hasValue("it is too short to be a Linux kernel (256 bytes)");
        assertThat(KernelImage.kexecProblem(new byte[0x1000]))
                .hasValue("it is not a Linux kernel (no x86 boot sector with a setup header)");
        var old = image.clone();
        old[0x206] = 0x0b; // protocol 2.11
        assertThat(KernelImage.kexecProblem(old)).hasValue("its boot protocol is 2.11, and kexec needs 2.12 or later");
        var zImage = image.clone();
        zImage[0x211] &= ~1;
        assertThat(KernelImage.kexecProblem(zImage))
                .hasValueSatisfying(p -> assertThat(p).contains("zImage"));
        var below4G = image.clone();
        below4G[0x236] &= ~2;
        assertThat(KernelImage.kexecProblem(below4G))
                .hasValueSatisfying(p -> assertThat(p).contains("above 4 GiB"));
    }

    /** memtest86+ 6 and iPXE, from Debian's packages, as their ISOs carry them: a setup header all the same. */
    @Test
    void memtestAndIpxeAreRefusedForWhatTheirHeadersLack() throws IOException {
        var packages = DebianPackages.inUserCache();
        var memtest = packages.unpack("memtest86+").resolve("boot/memtest86+x64.bin");
        assertThat(KernelImage.kexecProblem(Files.readAllBytes(memtest)))
                .hasValue("its header says it cannot be loaded above 4 GiB (XLF_CAN_BE_LOADED_ABOVE_4G)");
        var ipxe = packages.unpack("ipxe").resolve("boot/ipxe.lkrn");
        assertThat(KernelImage.kexecProblem(Files.readAllBytes(ipxe)))
                .hasValue("its boot protocol is 2.07, and kexec needs 2.12 or later");
    }
}
