package org.inetboot.initramfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.inetboot.host.DebianKernel;
import org.inetboot.host.Processes;
import org.inetboot.source.FileSource;
import org.inetboot.source.Stats;
import org.inetboot.testing.InitrdFixtures;
import org.inetboot.testing.IsoFixtures;
import org.inetboot.testing.Mkinitramfs;
import org.inetboot.testing.Qemu;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Debian's own initrds (mkinitramfs) compared with lsinitramfs and unmkinitramfs, and booted with our overlays. */
@Timeout(900)
class DebianInitrdTest {

    @TempDir
    static Path dir;

    static DebianKernel kernel;
    static byte[] early;

    @BeforeAll
    static void kernel() throws IOException {
        kernel = DebianKernel.get();
        var microcode = Files.createDirectories(dir.resolve("early/kernel/x86/microcode"));
        Files.write(microcode.resolve("AuthenticAMD.bin"), org.inetboot.testing.SampleFiles.bytes(7000, 111));
        early = InitrdFixtures.cpio(dir.resolve("early"));
    }

    /** An early microcode archive before mkinitramfs's output, as initramfs-tools' microcode hooks make it. */
    private static Path withEarly(Path initrd, String name) throws IOException {
        var combined = dir.resolve(name);
        Files.write(combined, InitrdFixtures.concat(early, Files.readAllBytes(initrd)));
        return combined;
    }

    private static List<String> ourPaths(Path initrd) throws IOException {
        var paths = new ArrayList<String>();
        Initrd.walk(FileSource.open(initrd, new Stats()), (segment, entry, data) -> paths.add(entry.path()));
        return paths;
    }

    @Test
    void mkinitramfsInitrdsListLikeLsinitramfsInEveryCompression() throws IOException {
        for (var compression : List.of("gzip", "xz", "zstd", "lz4")) {
            var plain = Mkinitramfs.build(kernel, compression);
            var early = withEarly(plain, "early." + compression);
            for (var initrd : List.of(plain, early)) {
                var lsinitramfs = Processes.run(dir, List.of("lsinitramfs", initrd.toString()))
                        .lines()
                        .toList();
                assertThat(ourPaths(initrd))
                        .as(initrd.getFileName().toString())
                        .isEqualTo(lsinitramfs)
                        .hasSizeGreaterThan(500);
            }
            var segments = Initrd.segments(FileSource.open(early, new Stats()));
            assertThat(segments)
                    .extracting(Initrd.Segment::compression)
                    .containsExactly(Compression.NONE, Compression.byId(compression));
            assertThat(segments.getLast().offset() + segments.getLast().length())
                    .isEqualTo(Files.size(early));
        }
    }

    @Test
    void unpackingMatchesUnmkinitramfs() throws IOException {
        var initrd = withEarly(Mkinitramfs.build(kernel, "zstd"), "contents.zstd");
        var theirs = dir.resolve("unmkinitramfs");
        Processes.run(dir, List.of("unmkinitramfs", initrd.toString(), theirs.toString()));
        var expected = new TreeMap<String, IsoFixtures.Node>(IsoFixtures.snapshot(theirs.resolve("early")));
        expected.putAll(IsoFixtures.snapshot(theirs.resolve("main")));
        expected.values().removeIf(node -> node.type().equals("other")); // device nodes are the kernel's to make
        var ours = dir.resolve("ours");
        InitrdExtractor.extract(FileSource.open(initrd, new Stats()), ours);
        assertThat(IsoFixtures.snapshot(ours)).hasSizeGreaterThan(500).isEqualTo(expected);
    }

    @Test
    void theDebianKernelBootsABasePlusOurOverlayInEveryCompressionWeWrite() throws Exception {
        var base = Mkinitramfs.build(kernel, "zstd");
        var overlay = Files.createDirectories(dir.resolve("overlay"));
        Files.writeString(overlay.resolve("init"), """
                #!/bin/sh
                read mine < /inetboot-marker
                read theirs < /conf/arch.conf
                echo "INETBOOT-MARKER overlay=[$mine] base=[$theirs]"
                """);
        Files.setPosixFilePermissions(
                overlay.resolve("init"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        var results = new TreeMap<String, String>();
        for (var compression :
                List.of(Compression.NONE, Compression.GZIP, Compression.XZ, Compression.ZSTD, Compression.LZ4)) {
            Files.writeString(overlay.resolve("inetboot-marker"), "written by InetBoot, " + compression.id());
            var initrd = dir.resolve("boot." + compression.id());
            try (var out = new BufferedOutputStream(Files.newOutputStream(initrd))) {
                Overlay.copyBase(FileSource.open(base, new Stats()), out);
                Overlay.write(overlay, 0, compression, out);
            }
            var console = Qemu.boot(
                    kernel.vmlinuz(), initrd, "", line -> line.contains("INETBOOT-MARKER"), Duration.ofSeconds(180));
            results.put(
                    compression.id(),
                    console.stream()
                            .filter(l -> l.contains("INETBOOT-MARKER"))
                            .findFirst()
                            .orElse("no marker; console ended with: "
                                    + String.join(
                                            " | ", console.subList(Math.max(0, console.size() - 5), console.size()))));
        }
        var expected = new TreeMap<String, String>();
        for (var id : List.of("none", "gzip", "xz", "zstd", "lz4")) {
            expected.put(id, "INETBOOT-MARKER overlay=[written by InetBoot, " + id + "] base=[DPKG_ARCH=amd64]");
        }
        assertThat(results).isEqualTo(expected);
    }
}
