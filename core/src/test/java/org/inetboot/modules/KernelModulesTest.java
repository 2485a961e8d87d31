package org.inetboot.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.inetboot.host.DebianKernel;
import org.inetboot.host.Processes;
import org.inetboot.initramfs.Compression;
import org.inetboot.initramfs.Overlay;
import org.inetboot.source.ByteArraySource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Module resolution against Debian's kernel package, compared with modprobe --show-depends on the same tree. */
@Timeout(600)
class KernelModulesTest {

    @TempDir
    static Path dir;

    static DebianKernel kernel;
    static KernelModules modules;

    @BeforeAll
    static void kernel() throws IOException {
        kernel = DebianKernel.get();
        modules = KernelModules.read(ModuleFiles.directory(kernel.root(), kernel.version()));
    }

    /**
     * modprobe's answer, as "insmod PATH" or "builtin NAME" lines with the module directory
     * removed, each module once where it first appears (modprobe prints repeats it would skip).
     */
    private static List<String> modprobe(String wanted) throws IOException {
        var output = Processes.run(
                dir,
                List.of(
                        "modprobe",
                        "-d",
                        kernel.root().toString(),
                        "-S",
                        kernel.version(),
                        "-C",
                        "/nonexistent",
                        "--show-depends",
                        wanted));
        return output.lines()
                .map(String::strip)
                .map(l -> l.replace(kernel.modules() + "/", ""))
                .distinct()
                .toList();
    }

    private static List<String> ours(KernelModules modules, String wanted) throws IOException {
        return modules.resolve(List.of(wanted)).stream()
                .map(m -> m.builtin() ? "builtin " + m.name() : "insmod " + m.path())
                .toList();
    }

    @Test
    void namesResolveLikeModprobe() throws IOException {
        for (var name : List.of(
                "nbd",
                "e1000",
                "e1000e",
                "virtio_net",
                "virtio-net",
                "isofs",
                "squashfs",
                "overlay",
                "ext4",
                "virtio_blk",
                "igb",
                "r8169",
                "loop",
                "unix")) {
            assertThat(ours(modules, name)).as(name).isEqualTo(modprobe(name)).isNotEmpty();
        }
    }

    @Test
    void modaliasesResolveLikeModprobe() throws IOException {
        for (var alias : List.of(
                "pci:v00008086d0000100Esv00001AF4sd00001100bc02sc00i00",
                "virtio:d00000001v00001AF4",
                "pci:v00008086d000010D3sv00008086sd0000A01Fbc02sc00i00",
                "fs-squashfs",
                "crypto-crc32c")) {
            assertThat(ours(modules, alias))
                    .as(alias)
                    .isEqualTo(modprobe(alias))
                    .isNotEmpty();
        }
        assertThatThrownBy(() -> modules.resolve(List.of("pci:v0000FFFFd0000FFFF")))
                .hasMessageContaining("no module");
    }

    @Test
    void compressedModulesAreReadDecompressed() throws IOException {
        var tree = Files.createDirectories(dir.resolve("compressed/lib/modules/" + kernel.version() + "/kernel"));
        var originals = new ArrayList<byte[]>();
        var formats = List.of(
                new String[] {"nbd", "kernel/drivers/block/nbd.ko", "xz -C crc32"},
                new String[] {"loop", "kernel/drivers/block/loop.ko", "zstd -q --rm"},
                new String[] {"isofs", "kernel/fs/isofs/isofs.ko", "gzip -n"});
        for (var format : formats) {
            var original = Files.readAllBytes(kernel.modules().resolve(format[1]));
            originals.add(original);
            var copy = tree.resolve(format[1].substring("kernel/".length()));
            Files.createDirectories(copy.getParent());
            Files.write(copy, original);
            Processes.run(copy.getParent(), List.of("bash", "-c", format[2] + " " + copy.getFileName()));
        }
        Files.copy(
                kernel.modules().resolve("kernel/drivers/cdrom/cdrom.ko"),
                Files.createDirectories(tree.resolve("drivers/cdrom")).resolve("cdrom.ko"));
        Processes.run(dir, List.of("depmod", "-b", dir.resolve("compressed").toString(), kernel.version()));
        // Debian's kmod is built without zlib (kmod --version: -ZLIB), so depmod skips .ko.gz: index it by hand
        Files.writeString(
                tree.getParent().resolve("modules.dep"),
                "kernel/fs/isofs/isofs.ko.gz: kernel/drivers/cdrom/cdrom.ko\n",
                java.nio.file.StandardOpenOption.APPEND);
        var compressed = KernelModules.read(ModuleFiles.directory(dir.resolve("compressed"), kernel.version()));
        var resolved = compressed.resolve(List.of("nbd", "loop", "isofs"));
        assertThat(resolved)
                .extracting(KernelModules.Module::path)
                .containsExactly(
                        "kernel/drivers/block/nbd.ko.xz",
                        "kernel/drivers/block/loop.ko.zst",
                        "kernel/drivers/cdrom/cdrom.ko",
                        "kernel/fs/isofs/isofs.ko.gz");
        var contents = new ArrayList<>(compressed.contents(resolved).values());
        assertThat(contents.get(0)).isEqualTo(originals.get(0));
        assertThat(contents.get(1)).isEqualTo(originals.get(1));
        assertThat(contents.get(3)).isEqualTo(originals.get(2));
    }

    @Test
    void aModuleTreeInsideAnInitrdResolvesTheSame() throws IOException {
        var prefix = "usr/lib/modules/" + kernel.version() + "/";
        var items = new ArrayList<Overlay.Item>();
        for (var file : List.of(
                "modules.dep",
                "modules.alias",
                "modules.builtin",
                "modules.softdep",
                "kernel/drivers/net/virtio_net.ko",
                "kernel/drivers/net/net_failover.ko",
                "kernel/net/core/failover.ko",
                "kernel/drivers/virtio/virtio.ko",
                "kernel/drivers/virtio/virtio_ring.ko")) {
            items.add(Overlay.Item.file(
                    prefix + file, 0644, Files.readAllBytes(kernel.modules().resolve(file))));
        }
        var out = new ByteArrayOutputStream();
        Overlay.write(items, Compression.ZSTD, out);
        var initrd = new ByteArraySource("initrd.img", out.toByteArray());
        var inInitrd = KernelModules.read(ModuleFiles.initrd(initrd, kernel.version()));
        var resolved = inInitrd.resolve(List.of("virtio:d00000001v00001AF4"));
        assertThat(resolved).isEqualTo(modules.resolve(List.of("virtio_net")));
        assertThat(inInitrd.contents(resolved).values())
                .last()
                .isEqualTo(Files.readAllBytes(kernel.modules().resolve("kernel/drivers/net/virtio_net.ko")));
    }
}
