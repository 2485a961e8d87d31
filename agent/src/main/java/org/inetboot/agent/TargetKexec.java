package org.inetboot.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.inetboot.boot.BootFiles;
import org.inetboot.host.Processes;
import org.inetboot.linux.Kexec;

/**
 * Loads what stage 1 assembled into the kernel for kexec: a Linux kernel by kexec_file_load
 * ({@link Kexec}); a hypervisor (Xen) by kexec-tools, which the medium carries. x86's
 * kexec_file_load takes only bzImages, so a multiboot2 image needs its segments and its boot
 * information built in user space for kexec_load; kexec-tools' multiboot2-x86 loader does that
 * (its v1 loader hangs in Xen's early relocation under TCG). Carrying it (200 KiB, with the eight
 * small Xen libraries it links: 700 KiB) was chosen over writing that loader and its 32-bit
 * trampoline through FFM: upstream maintains and tests it against Xen, and the medium's Xen boot
 * tests it here end to end.
 */
public final class TargetKexec {

    /** kexec-tools' program in the medium. */
    public static final Path TOOL = Path.of("/sbin/kexec");

    private TargetKexec() {}

    /** Loads the files; the initrd file may be deleted afterwards (the kernel holds its own copy). */
    public static void load(BootFiles files) throws IOException {
        if (files.hypervisor().isEmpty()) {
            Kexec.load(files.kernel(), files.initrd(), files.cmdline());
            return;
        }
        if (!Files.isExecutable(TOOL)) {
            throw new IOException("a hypervisor (Xen) is loaded by kexec-tools' " + TOOL + ", which is missing here");
        }
        var hypervisor = files.hypervisor().get();
        var image = Files.write(files.initrd().resolveSibling("multiboot-image"), hypervisor.image());
        var kernel = Files.write(files.initrd().resolveSibling("multiboot-kernel"), files.kernel());
        try {
            Processes.run(
                    Path.of("/"),
                    multiboot2(TOOL, image, hypervisor.cmdline(), kernel, files.cmdline(), files.initrd()));
        } finally {
            Files.deleteIfExists(image);
            Files.deleteIfExists(kernel);
        }
    }

    /** kexec-tools' command line: the image with its arguments, then the kernel with its command line, then the initrd. */
    static List<String> multiboot2(
            Path tool, Path image, String imageCmdline, Path kernel, String cmdline, Path initrd) {
        return List.of(
                tool.toString(),
                "--load",
                "--type=multiboot2-x86",
                "--command-line=" + imageCmdline,
                "--module=" + kernel + (cmdline.isEmpty() ? "" : " " + cmdline),
                "--module=" + initrd,
                image.toString());
    }
}
