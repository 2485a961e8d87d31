package org.inetboot.iso;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.inetboot.source.ByteArraySource;
import org.inetboot.source.Source;
import org.inetboot.testing.IsoFixtures;
import org.inetboot.testing.SampleFiles;

/**
 * Coverage-guided fuzzing of the ISO reader: each input patches a small real image (Rock Ridge,
 * Joliet, El Torito, symlinks, a zisofs file) at offsets it chooses; opening, walking, reading
 * every file, the boot catalog and the partition table must end normally or in an IOException.
 * Anything else (a runtime exception, a hang, running out of memory) is a finding.
 */
class IsoFuzzTest {

    private static final byte[] SEED = seed();

    @FuzzTest(maxDuration = "30s")
    void readingAnyPatchedImageEndsInDataOrAClearError(byte[] patches) {
        var image = SEED.clone();
        for (int at = 0; at + 4 <= patches.length; ) {
            int offset = ((patches[at] & 0xff) << 16 | (patches[at + 1] & 0xff) << 8 | (patches[at + 2] & 0xff))
                    % image.length;
            int length = Math.min(patches[at + 3] & 0x1f, patches.length - at - 4);
            System.arraycopy(patches, at + 4, image, offset, Math.min(length, image.length - offset));
            at += 4 + length;
        }
        try {
            readEverything(new ByteArraySource("fuzzed.iso", image));
        } catch (IOException expected) {
            // a clear error is a correct answer to a broken image
        }
    }

    private static void readEverything(Source source) throws IOException {
        PartitionTable.read(source);
        var iso = IsoImage.open(source);
        iso.bootCatalog();
        iso.walk(iso.root(), entry -> {
            if (entry.type() == IsoEntry.Type.FILE) {
                IsoSnapshots.stream(iso.open(entry)).transferTo(OutputStream.nullOutputStream());
            }
        });
    }

    private static byte[] seed() {
        try {
            var dir = Files.createTempDirectory("iso-fuzz");
            var tree = Files.createDirectories(dir.resolve("tree/boot"));
            Files.write(tree.resolve("boot.bin"), SampleFiles.bytes(2048, 91));
            Files.writeString(tree.resolve("grub.cfg"), "menuentry x {}\n".repeat(200));
            Files.createSymbolicLink(tree.resolve("link"), Path.of("../boot/grub.cfg"));
            Files.createDirectories(dir.resolve("tree/a/b/c"));
            Files.writeString(dir.resolve("tree/a/b/c/" + "long-name-".repeat(12)), "x");
            var image = IsoFixtures.xorriso(
                    dir.resolve("seed.iso"),
                    dir.resolve("tree"),
                    "-R",
                    "-J",
                    "-no-pad",
                    "-b",
                    "boot/boot.bin",
                    "-no-emul-boot",
                    "-boot-load-size",
                    "4",
                    "-partition_offset",
                    "16");
            return Files.readAllBytes(image);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
