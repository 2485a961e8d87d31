package org.inetboot.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.inetboot.host.DebianKernel;
import org.inetboot.host.DebianPackages;
import org.inetboot.host.Processes;

/**
 * Real Debian initrds: initramfs-tools' mkinitramfs run for the {@link DebianKernel}, in a private
 * mount namespace where the unpacked package is bind-mounted over /lib/modules and /boot, so the
 * host's own directories are never written. Cached beside the kernel.
 */
public final class Mkinitramfs {

    private Mkinitramfs() {}

    /** An initrd compressed with {@code compression} (gzip, xz, zstd, lz4, lzma, bzip2, lzop, none). */
    public static synchronized Path build(DebianKernel kernel, String compression) throws IOException {
        var out = DebianPackages.inUserCache().cacheDir().resolve("initrd/" + kernel.version() + "." + compression);
        if (Files.exists(out)) {
            return out;
        }
        Files.createDirectories(out.getParent());
        Files.createDirectories(Path.of("/lib/modules")); // a mount point; the bind mount fills it
        var partial = out.resolveSibling(out.getFileName() + ".partial");
        Processes.run(
                out.getParent(),
                List.of(
                        "unshare",
                        "--mount",
                        "bash",
                        "-c",
                        "mount --bind '" + kernel.root().resolve("lib/modules") + "' /lib/modules"
                                + " && mount --bind '" + kernel.root().resolve("boot") + "' /boot"
                                + " && mkinitramfs -c " + compression + " -o '" + partial + "' " + kernel.version()));
        Files.move(partial, out);
        return out;
    }
}
