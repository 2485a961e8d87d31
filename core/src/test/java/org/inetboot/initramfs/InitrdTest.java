package org.inetboot.initramfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.inetboot.source.ByteArraySource;
import org.inetboot.source.Source;
import org.inetboot.testing.InitrdFixtures;
import org.inetboot.testing.IsoFixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Initrds made by GNU cpio and the real compressors, read as the kernel reads them; ours read back by those tools. */
@Timeout(120)
class InitrdTest {

    @TempDir
    static Path dir;

    static Path tree;
    static byte[] early;
    static byte[] main;

    @BeforeAll
    static void archives() throws IOException {
        var microcode = Files.createDirectories(dir.resolve("early/kernel/x86/microcode"));
        Files.write(microcode.resolve("GenuineIntel.bin"), org.inetboot.testing.SampleFiles.bytes(5000, 102));
        early = InitrdFixtures.cpio(dir.resolve("early"));
        tree = InitrdFixtures.tree(dir.resolve("tree"));
        main = InitrdFixtures.cpio(tree);
    }

    private static Source bytes(byte[] initrd) {
        return new ByteArraySource("initrd.img", initrd);
    }

    /**
     * Every entry's name and content (sha256 of files, target of links), per segment; a hard link
     * without data gets its group's, as unpacking gives it.
     */
    private static List<Map<String, String>> read(byte[] initrd) throws IOException {
        var segments = new ArrayList<Map<String, String>>();
        var groups = new java.util.HashMap<String, String>();
        var linked = new java.util.HashMap<String, String>();
        Initrd.walk(bytes(initrd), (segment, entry, data) -> {
            while (segments.size() <= segment) {
                segments.add(new LinkedHashMap<>());
            }
            var content = entry.isFile() || entry.type().equals("symlink") ? IsoFixtures.sha256(data) : entry.type();
            segments.get(segment).put(entry.name(), content);
            if (entry.isFile() && entry.nlink() > 1) {
                var group = segment + ":" + entry.ino();
                linked.put(segment + ":" + entry.name(), group);
                if (entry.size() > 0) {
                    groups.put(group, content);
                }
            }
        });
        linked.forEach((key, group) -> {
            int colon = key.indexOf(':');
            segments.get(Integer.parseInt(key.substring(0, colon))).put(key.substring(colon + 1), groups.get(group));
        });
        return segments;
    }

    /** What GNU cpio finds in an uncompressed archive, in the same form. */
    private static Map<String, String> cpioView(byte[] archive, String name) throws IOException {
        var out = dir.resolve("cpio-" + name);
        InitrdFixtures.cpioExtract(archive, out);
        var view = new LinkedHashMap<String, String>();
        var snapshot = IsoFixtures.snapshot(out);
        for (var entry : InitrdFixtures.cpioNames(archive)) {
            var path = entry.startsWith("./") ? entry.substring(2) : entry;
            var node = entry.equals(".") ? new IsoFixtures.Node("dir", 0, null, null) : snapshot.get("/" + path);
            view.put(
                    entry,
                    switch (node.type()) {
                        case "file" -> node.sha256();
                        case "symlink" ->
                            IsoFixtures.sha256(new java.io.ByteArrayInputStream(
                                    node.target().getBytes()));
                        case "other" -> "fifo";
                        default -> node.type();
                    });
        }
        return view;
    }

    @Test
    void everyKernelCompressionAfterAnEarlyArchiveIsReadExactlyLikeCpio() throws IOException {
        var expected = cpioView(main, "main");
        for (var compressor : InitrdFixtures.compressors()) {
            var member = InitrdFixtures.filter(compressor[1], main);
            var initrd = InitrdFixtures.concat(early, member);
            var segments = Initrd.segments(bytes(initrd));
            assertThat(segments)
                    .as(compressor[1])
                    .extracting(Initrd.Segment::compression)
                    .containsExactly(Compression.NONE, Compression.byId(compressor[0]));
            assertThat(segments.get(1).offset()).isEqualTo(early.length);
            assertThat(segments.get(1).length()).as(compressor[1]).isEqualTo(member.length);
            assertThat(read(initrd).get(1)).as(compressor[1]).isEqualTo(expected);
        }
    }

    @Test
    void severalMembersAreSplitWhereEachDecompressorStops() throws IOException {
        var gzip = InitrdFixtures.filter("gzip -n", main);
        var xz = InitrdFixtures.filter("xz --check=crc32", main);
        var zstd = InitrdFixtures.filter("zstd -q", main);
        var initrd = InitrdFixtures.concat(early, gzip, new byte[3], xz, zstd, new byte[512]);
        var segments = Initrd.segments(bytes(initrd));
        // the early archive ends at its trailer; GNU cpio's padding to 512 bytes is NULs the kernel skips
        long earlyEnd = segments.getFirst().length();
        assertThat(earlyEnd % 4).isZero();
        assertThat(java.util.Arrays.copyOfRange(early, (int) earlyEnd, early.length))
                .containsOnly(0);
        assertThat(segments.subList(1, segments.size()))
                .extracting(Initrd.Segment::offset, Initrd.Segment::length)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple((long) early.length, (long) gzip.length),
                        org.assertj.core.groups.Tuple.tuple((long) early.length + gzip.length + 3, (long) xz.length),
                        org.assertj.core.groups.Tuple.tuple(
                                (long) early.length + gzip.length + 3 + xz.length, (long) zstd.length));
    }

    @Test
    void hardLinksKeepTheirGroupAndTheDataComesOnce() throws IOException {
        var entries = new ArrayList<CpioEntry>();
        Initrd.walk(bytes(main), (segment, entry, data) -> entries.add(entry));
        var links =
                entries.stream().filter(e -> e.name().startsWith("etc/motd")).toList();
        assertThat(links).hasSize(2).allSatisfy(e -> assertThat(e.nlink()).isEqualTo(2));
        assertThat(links.get(0).ino()).isEqualTo(links.get(1).ino());
        assertThat(links).extracting(CpioEntry::size).containsExactlyInAnyOrder(0L, 10L);
    }

    @Test
    void ourArchivesAreReadByTheRealToolsInEveryCompressionWeWrite() throws IOException {
        var expected = cpioView(main, "reference");
        var decompress = Map.of(
                Compression.NONE,
                "cat",
                Compression.GZIP,
                "gzip -dc",
                Compression.XZ,
                "xz -dc",
                Compression.ZSTD,
                "zstd -dcq",
                Compression.LZ4,
                "lz4 -dcq");
        for (var entry : decompress.entrySet()) {
            var out = new ByteArrayOutputStream();
            Overlay.write(tree, 0, entry.getKey(), out);
            var archive = InitrdFixtures.filter(entry.getValue(), out.toByteArray());
            var view = cpioView(archive, entry.getKey().id());
            // our archive has no "." entry of its own
            var normalised = new LinkedHashMap<>(expected);
            normalised.remove(".");
            assertThat(view).as(entry.getKey().id()).isEqualTo(normalised);
            assertThat(read(out.toByteArray()).getFirst()).isEqualTo(normalised);
        }
        var xz = new ByteArrayOutputStream();
        Overlay.write(tree, 0, Compression.XZ, xz);
        var xzFile = Files.write(dir.resolve("overlay.xz"), xz.toByteArray());
        var check = org.inetboot.host.Processes.run(dir, List.of("xz", "--robot", "--list", xzFile.toString()));
        assertThat(check).contains("CRC32").doesNotContain("CRC64"); // the kernel's decoder checks CRC32 only
    }

    @Test
    void hardLinkGroupsEndWithTheirArchive() throws IOException {
        // two archives in one gzip member, each with an inode 1 of its own: they must not be linked
        var first = new ByteArrayOutputStream();
        try (var cpio = new CpioWriter(first)) {
            cpio.write(new CpioEntry("a", 0100644, 0, 0, 2, 0, 1, 0, 0, 0, 0, 0), "A".getBytes());
        }
        var second = new ByteArrayOutputStream();
        try (var cpio = new CpioWriter(second)) {
            cpio.write(new CpioEntry("b", 0100644, 0, 0, 2, 0, 1, 0, 0, 0, 0, 0), "B".getBytes());
        }
        var initrd = InitrdFixtures.filter("gzip -n", InitrdFixtures.concat(first.toByteArray(), second.toByteArray()));
        var out = dir.resolve("two-archives");
        InitrdExtractor.extract(bytes(initrd), out);
        assertThat(Files.readString(out.resolve("a"))).isEqualTo("A");
        assertThat(Files.readString(out.resolve("b"))).isEqualTo("B");
        assertThat(Files.isSameFile(out.resolve("a"), out.resolve("b"))).isFalse();
    }

    @Test
    void outputIsReproducible() throws IOException {
        var first = new ByteArrayOutputStream();
        var second = new ByteArrayOutputStream();
        Overlay.write(tree, 1_700_000_000L, Compression.GZIP, first);
        Overlay.write(tree, 1_700_000_000L, Compression.GZIP, second);
        assertThat(first.toByteArray()).isEqualTo(second.toByteArray());
    }

    @Test
    void appendingKeepsTheBaseByteForByteAndAddsAMember() throws IOException {
        var base = InitrdFixtures.concat(early, InitrdFixtures.filter("zstd -q", main), new byte[] {1, 2, 3})
                .clone();
        var baseOnly = java.util.Arrays.copyOf(base, base.length - 3);
        var overlay = Files.createDirectories(dir.resolve("overlay/etc"));
        Files.writeString(overlay.resolve("motd"), "overlay motd\n");
        var out = new ByteArrayOutputStream();
        Overlay.copyBase(bytes(baseOnly), out);
        Overlay.write(dir.resolve("overlay"), 0, Compression.XZ, out);
        var result = out.toByteArray();
        assertThat(java.util.Arrays.copyOf(result, baseOnly.length)).isEqualTo(baseOnly);
        var segments = Initrd.segments(bytes(result));
        assertThat(segments)
                .extracting(Initrd.Segment::compression)
                .containsExactly(Compression.NONE, Compression.ZSTD, Compression.XZ);
        assertThat(segments.getLast().offset() % 4).isZero();
        assertThat(read(result).get(2)).containsKeys("etc", "etc/motd");
    }

    @Test
    void nothingIsAppendedAfterAnLz4Member() {
        assertThatThrownBy(() -> Overlay.copyBase(
                        bytes(InitrdFixtures.concat(early, InitrdFixtures.filter("lz4 -l -q", main))),
                        OutputStreamSink.INSTANCE))
                .isInstanceOf(InitrdFormatException.class)
                .hasMessage(
                        "initrd.img: its main archive is lz4, after which the kernel reads nothing: nothing can be appended to it");
    }

    /** Output that goes nowhere. */
    private static final class OutputStreamSink {
        static final java.io.OutputStream INSTANCE = java.io.OutputStream.nullOutputStream();
    }

    @Test
    void brokenInitrdsEndInOneClearError() throws IOException {
        var gzip = InitrdFixtures.filter("gzip -n", main);
        var truncated = InitrdFixtures.concat(early, java.util.Arrays.copyOf(gzip, gzip.length / 2));
        assertThatThrownBy(() -> read(truncated))
                .isInstanceOf(InitrdFormatException.class)
                .hasMessageStartingWith("initrd.img: member at byte " + early.length + " (gzip)");

        var garbage = InitrdFixtures.concat(early, new byte[] {0x12, 0x34, 0x56, 0x78, 1, 2, 3, 4});
        assertThatThrownBy(() -> read(garbage))
                .hasMessage("initrd.img: member at byte " + early.length
                        + ": neither a cpio archive nor a known compression (starts with 12 34 56 78)");

        var huge = main.clone();
        System.arraycopy("ffffffff".getBytes(), 0, huge, 6 + 6 * 8, 8); // the first entry's file size
        assertThatThrownBy(() -> read(huge))
                .isInstanceOf(InitrdFormatException.class)
                .hasMessageContaining("archive ends inside the data of an entry of 4294967295 bytes");

        var hugeName = main.clone();
        System.arraycopy("80000000".getBytes(), 0, hugeName, 6 + 11 * 8, 8); // the first entry's name size
        assertThatThrownBy(() -> read(hugeName))
                .hasMessageEndingWith(": a name of 2147483648 bytes (the limit is 4096)");

        var nulName = main.clone();
        int nameStart = 110;
        nulName[nameStart] = 0;
        assertThatThrownBy(() -> read(nulName))
                .hasMessageMatching(".*archive byte 0: the name '' has a NUL byte inside");

        var lzo = InitrdFixtures.concat(new byte[] {(byte) 0x89, 0x4c, 0x5a, 0x4f, 0, 0, 0, 0});
        assertThatThrownBy(() -> read(lzo)).hasMessageContaining("unsupported: lzo");

        var odc = InitrdFixtures.filter("cd " + tree + " && echo ./etc/motd | cpio -o -H odc --quiet", new byte[0]);
        assertThatThrownBy(() -> read(odc)).hasMessageContaining("old-format (odc) cpio");
    }
}
