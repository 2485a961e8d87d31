package org.inetboot.iso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.inetboot.source.SourceException;
import org.inetboot.testing.IsoFixtures;
import org.inetboot.testing.SampleFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Broken and hostile images end in one clear error naming the image, the path and the byte: no hang, no wrong data. */
@Timeout(20)
class IsoHostileTest {

    @TempDir
    Path dir;

    private Path rockRidge;
    private Path plain;

    @BeforeEach
    void images() throws IOException {
        var tree = Files.createDirectories(dir.resolve("tree"));
        Files.createDirectories(tree.resolve("LOOP"));
        Files.write(tree.resolve("TARGET.TXT"), SampleFiles.bytes(100_000, 81));
        Files.writeString(tree.resolve("LOOP/INNER.TXT"), "inside");
        rockRidge = IsoFixtures.xorriso(dir.resolve("rr.iso"), tree, "-R");
        plain = IsoFixtures.genisoimage(dir.resolve("plain.iso"), tree);
    }

    /** Walks the whole image and reads every file, as `ls -R` and `extract /` would. */
    private static void readEverything(Path image) throws IOException {
        var iso = IsoSnapshots.open(image);
        iso.walk(iso.root(), entry -> {
            if (entry.type() == IsoEntry.Type.FILE) {
                IsoSnapshots.stream(iso.open(entry)).transferTo(java.io.OutputStream.nullOutputStream());
            }
        });
    }

    private static void assertClearError(Path image, String problem) {
        assertThatThrownBy(() -> readEverything(image))
                .isInstanceOf(SourceException.class)
                .hasMessageMatching(java.util.regex.Pattern.quote(image.toString()) + ": /\\S* at byte \\d+: .*")
                .hasMessageContaining(problem)
                .hasNoCause();
    }

    /** The offset of the directory record whose ISO name is {@code name}. */
    private static long record(Path image, String name) throws IOException {
        var bytes = Files.readAllBytes(image);
        var needle = name.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 16 * 2048; i < bytes.length - needle.length; i++) {
            if (bytes[i - 1] == needle.length
                    && java.util.Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
                return i - 33;
            }
        }
        throw new AssertionError(name + " not found");
    }

    private static void patch(Path image, long offset, byte... bytes) throws IOException {
        try (var channel = FileChannel.open(image, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes), offset);
        }
    }

    private static byte[] bothEndian32(long value) {
        return ByteBuffer.allocate(8)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putInt((int) value)
                .order(java.nio.ByteOrder.BIG_ENDIAN)
                .putInt((int) value)
                .array();
    }

    private static long extent(Path image, long record) throws IOException {
        var field = ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        try (var channel = FileChannel.open(image)) {
            channel.read(field, record + 2);
        }
        return field.getInt(0);
    }

    private static long rootExtent(Path image) throws IOException {
        var sector = ByteBuffer.allocate(2048).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        try (var channel = FileChannel.open(image)) {
            channel.read(sector, 16 * 2048);
        }
        return sector.getInt(156 + 2);
    }

    @Test
    void aTruncatedImageSaysSo() throws IOException {
        long data = extent(rockRidge, record(rockRidge, "TARGET.TXT;1")) * 2048;
        try (var channel = FileChannel.open(rockRidge, StandardOpenOption.WRITE)) {
            channel.truncate(data + 50_000); // in the middle of the file's data
        }
        assertClearError(rockRidge, "lie past the end of the image");
    }

    @Test
    void garbageWhereTheDescriptorsShouldBe() throws IOException {
        patch(plain, 16 * 2048, SampleFiles.bytes(2048, 82));
        assertClearError(plain, "not an ISO 9660 image");
        var tiny = Files.write(dir.resolve("tiny.iso"), new byte[4096]);
        assertClearError(tiny, "not an ISO 9660 image: only 4096 bytes");
    }

    @Test
    void descriptorsWithoutATerminator() throws IOException {
        var image = Files.write(dir.resolve("endless.iso"), new byte[100 * 2048]);
        var descriptor = new byte[2048];
        descriptor[0] = 2;
        System.arraycopy("CD001".getBytes(StandardCharsets.ISO_8859_1), 0, descriptor, 1, 5);
        for (int sector = 16; sector < 100; sector++) {
            patch(image, sector * 2048L, descriptor);
        }
        assertClearError(image, "no volume descriptor set terminator");
    }

    @Test
    void aDirectoryThatContainsItself() throws IOException {
        patch(plain, record(plain, "LOOP") + 2, bothEndian32(rootExtent(plain)));
        assertClearError(plain, "directory cycle");
    }

    @Test
    void directoriesThatShareOneExtentAreRefusedNotExpanded() throws IOException {
        var tree = Files.createDirectories(dir.resolve("shared/AAA"));
        Files.createDirectories(tree.resolveSibling("BBB"));
        Files.writeString(tree.resolve("A.TXT"), "a");
        var image = IsoFixtures.genisoimage(dir.resolve("shared.iso"), tree.getParent());
        long aaa = record(image, "AAA");
        var bytes = Files.readAllBytes(image);
        patch(image, record(image, "BBB") + 2, java.util.Arrays.copyOfRange(bytes, (int) aaa + 2, (int) aaa + 18));
        assertClearError(image, "the directory shares its extent with /AAA");
    }

    @Test
    void anAbsurdFileLength() throws IOException {
        patch(plain, record(plain, "TARGET.TXT;1") + 10, bothEndian32(0xFFFF_FFF0L));
        assertClearError(plain, "lie past the end of the image");
    }

    @Test
    void aRecordShorterThanItsFixedPart() throws IOException {
        patch(plain, record(plain, "TARGET.TXT;1"), (byte) 20);
        assertClearError(plain, "directory record of 20 bytes does not fit");
    }

    @Test
    void aDirectoryOfAbsurdSize() throws IOException {
        patch(plain, record(plain, "LOOP") + 10, bothEndian32(0x7FFF_0000L));
        assertClearError(plain, "directory of 2147418112 bytes");
    }

    @Test
    void continuationAreasPastTheEndOrInALoop() throws IOException {
        long record = record(rockRidge, "TARGET.TXT;1");
        long systemUse = record + 33 + 12 + 1;
        var entry = ByteBuffer.allocate(28);
        entry.put("CE".getBytes(StandardCharsets.ISO_8859_1)).put((byte) 28).put((byte) 1);
        entry.put(bothEndian32(0x00FF_FFFFL)).put(bothEndian32(0)).put(bothEndian32(28));
        patch(rockRidge, systemUse, entry.array());
        assertClearError(rockRidge, "lie past the end of the image");

        entry.position(4);
        entry.put(bothEndian32(systemUse / 2048))
                .put(bothEndian32(systemUse % 2048))
                .put(bothEndian32(28));
        patch(rockRidge, systemUse, entry.array());
        assertClearError(rockRidge, "continuation areas (CE) form a loop");
    }

    @Test
    void aRockRidgeNameThatClimbsOutOfItsDirectory() throws IOException {
        long record = record(rockRidge, "TARGET.TXT;1");
        var bytes = Files.readAllBytes(rockRidge);
        int nm = -1;
        for (int i = (int) record; i < record + 255 && nm < 0; i++) {
            if (bytes[i] == 'N' && bytes[i + 1] == 'M' && bytes[i + 5] == 'T') {
                nm = i;
            }
        }
        assertThat(nm).isPositive();
        patch(rockRidge, nm + 5, "../../evil".getBytes(StandardCharsets.ISO_8859_1));
        assertClearError(rockRidge, "invalid file name '../../evil'");
    }

    @Test
    void theSamePathShowsInTheErrorForLookups() throws IOException {
        var iso = IsoSnapshots.open(plain);
        assertThatThrownBy(() -> iso.lookup("/LOOP/MISSING", true))
                .hasMessageMatching(".*plain\\.iso: /LOOP/MISSING at byte \\d+: no such file or directory");
        assertThatThrownBy(() -> iso.lookup("/TARGET.TXT/X", true))
                .hasMessageContaining("/TARGET.TXT at byte")
                .hasMessageEndingWith("not a directory");
        assertThat(iso.lookup("/LOOP/INNER.TXT", true).size()).isEqualTo(6);
    }
}
