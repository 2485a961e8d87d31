package org.inetboot.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inetboot.cli.CliTest.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import org.inetboot.initramfs.Compression;
import org.inetboot.initramfs.Initrd;
import org.inetboot.source.FileSource;
import org.inetboot.source.Stats;
import org.inetboot.testing.DebianKernel;
import org.inetboot.testing.IsoFixtures;
import org.inetboot.testing.Mkinitramfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** boot --dry-run with Debian's kernel and a real initrd inside an ISO. */
class CliBootTest {

    @TempDir
    Path dir;

    @Test
    void dryRunWritesTheTargetsKernelItsInitrdPlusOursAndTheCommandLine() throws IOException {
        var kernel = DebianKernel.get();
        var base = Mkinitramfs.build(kernel, "zstd");
        var tree = Files.createDirectories(dir.resolve("tree/live"));
        Files.copy(kernel.vmlinuz(), tree.resolve("vmlinuz"));
        Files.copy(base, tree.resolve("initrd.img"));
        var grub = Files.createDirectories(dir.resolve("tree/boot/grub"));
        Files.writeString(grub.resolve("grub.cfg"), "menuentry 'Live' {\n linux /live/vmlinuz boot=live\n initrd /live/initrd.img\n}\n");
        Files.writeString(tree.resolve("filesystem.squashfs"), "root");
        var iso = IsoFixtures.xorriso(dir.resolve("live.iso"), dir.resolve("tree"), "-R");
        var out = dir.resolve("out");
        var result = run("boot", iso.toString(), "--append", "console=ttyS0", "--dry-run", "-o", out.toString());
        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("booting 'Live' (debian-live): /live/vmlinuz boot=live console=ttyS0 inetboot.url=" + iso);
        assertThat(Files.readAllBytes(out.resolve("kernel"))).isEqualTo(Files.readAllBytes(kernel.vmlinuz()));
        assertThat(Files.readString(out.resolve("cmdline"))).isEqualTo("boot=live console=ttyS0 inetboot.url=" + iso + "\n");
        var initrd = Files.readAllBytes(out.resolve("initrd"));
        var baseBytes = Files.readAllBytes(base);
        assertThat(java.util.Arrays.copyOf(initrd, baseBytes.length)).isEqualTo(baseBytes); // the target's, unchanged
        var plan = new ArrayList<String>();
        var segments = Initrd.walk(FileSource.open(out.resolve("initrd"), new Stats()), (segment, entry, data) -> {
            if (entry.path().equals("inetboot/plan.json")) {
                plan.add(new String(data.readAllBytes()));
            }
        });
        assertThat(segments).extracting(Initrd.Segment::compression).containsExactly(Compression.ZSTD, Compression.GZIP);
        assertThat(plan).singleElement().asString().contains("\"label\":\"Live\"").contains("\"distro\":\"debian-live\"");
    }
}
