package org.inetboot.linux;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Boots another kernel without firmware: kexec_file_load with the kernel in memory (a memfd) and
 * the initrd from a file (in a RAM file system in the medium: no disk needed), then reboot into
 * it. Needs CAP_SYS_BOOT; a kernel locked down by Secure Boot loads only signed kernels, and that refusal is reported in one line.
 */
public final class Kexec {

    private Kexec() {}

    public static void load(byte[] kernel, Path initrd, String cmdline) throws IOException {
        int kernelFd = Syscalls.memfd("kernel", kernel);
        try {
            int initrdFd = Syscalls.open(initrd, Syscalls.O_RDONLY | Syscalls.O_CLOEXEC);
            try {
                Syscalls.kexecFileLoad(kernelFd, initrdFd, cmdline);
            } catch (ErrnoException e) {
                throw new IOException(explain(e), e);
            } finally {
                Syscalls.close(initrdFd);
            }
        } finally {
            Syscalls.close(kernelFd);
        }
    }

    /** Reboots into the loaded kernel; returns only by an exception. */
    public static void reboot() throws IOException {
        Syscalls.rebootIntoKexec();
    }

    private static String explain(ErrnoException failure) {
        return failure.getMessage()
                + switch (failure.errno()) {
                    case ErrnoException.EPERM ->
                        ": kexec needs root (CAP_SYS_BOOT), and a locked-down kernel (Secure Boot) loads only signed kernels";
                    case ErrnoException.ENOEXEC ->
                        ": the kernel image is not one this kernel can kexec (a bzImage for x86_64)";
                    case ErrnoException.EKEYREJECTED -> ": the kernel's signature was rejected (lockdown)";
                    default -> "";
                };
    }
}
