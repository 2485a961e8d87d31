package org.inetboot.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inetboot.cli.CliTest.run;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.inetboot.host.DebianKernel;
import org.inetboot.initramfs.CpioEntry;
import org.inetboot.initramfs.CpioWriter;
import org.inetboot.testing.InitrdFixtures;
import org.inetboot.testing.IsoFixtures;
import org.inetboot.testing.TreeListing;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** initrd ls/extract/append and modules, as the command line offers them. */
class CliInitrdTest {

    @TempDir
    static Path dir;

    static Path tree;
    static Path initrd;

    @BeforeAll
    static void initrd() throws IOException {
        tree = InitrdFixtures.tree(dir.resolve("tree"));
        initrd = Files.write(dir.resolve("initrd.img"), InitrdFixtures.filter("gzip -n", InitrdFixtures.cpio(tree)));
    }

    @Test
    void lsJsonHasTheContractFields() throws IOException {
        var json = run("initrd", "ls", initrd.toString(), "--json").json();
        var segment = json.get("segments").get(0);
        assertThat(segment.get("offset").asLong()).isZero();
        assertThat(segment.get("length").asLong()).isEqualTo(Files.size(initrd));
        assertThat(segment.get("compression").asText()).isEqualTo("gzip");
        assertThat(segment.get("entries").asInt()).isEqualTo(10);
        var paths = json.get("entries").findValuesAsText("path");
        assertThat(paths).isEqualTo(InitrdFixtures.cpioNames(InitrdFixtures.cpio(tree)));
        var tool = json.get("entries").findParents("path").stream()
                .filter(e -> e.get("path").asText().equals("bin/tool"))
                .findFirst()
                .orElseThrow();
        assertThat(tool.get("type").asText()).isEqualTo("file");
        assertThat(tool.get("size").asLong()).isEqualTo(300_000);
        assertThat(tool.get("mode").asText()).isEqualTo("0644");
        assertThat(tool.get("segment").asInt()).isZero();
    }

    @Test
    void extractRecreatesTheTree() throws IOException {
        var out = dir.resolve("extracted");
        assertThat(run("initrd", "extract", initrd.toString(), "-o", out.toString())
                        .status())
                .isZero();
        var expected = IsoFixtures.snapshot(tree);
        expected.values().removeIf(node -> node.type().equals("other"));
        assertThat(IsoFixtures.snapshot(out)).isEqualTo(expected);
        assertThat(Files.isSameFile(out.resolve("etc/motd"), out.resolve("etc/motd.link")))
                .isTrue();
    }

    @Test
    void namesThatLeaveTheDirectoryAreRefusedBeforeAnythingIsMade() throws IOException {
        for (var name : List.of("../escaped", "/absolute", "a/../../escaped")) {
            var hostile = Files.write(dir.resolve("hostile.img"), cpio(file(name, "evil")));
            var out = dir.resolve("jail/inner");
            var result = run("initrd", "extract", hostile.toString(), "-o", out.toString());
            assertThat(result.status()).isEqualTo(1);
            assertThat(result.err()).startsWith("inetboot: '" + name + "': refusing to write outside " + out + ": ");
            assertThat(dir.resolve("jail/escaped")).doesNotExist();
            assertThat(out.resolve("a")).doesNotExist();
            assertThat(Path.of("/absolute")).doesNotExist();
        }
    }

    @Test
    void hostileLinksChangeNothingOutsideTheOutputDirectory() throws IOException {
        var sandbox = Files.createDirectories(dir.resolve("sandbox"));
        var outside = Files.createDirectories(sandbox.resolve("outside"));
        Files.writeString(outside.resolve("file"), "outside");
        var out = Files.createDirectories(sandbox.resolve("out"));
        var links = Files.write(
                dir.resolve("links.img"),
                cpio(
                        directory("d"), symlink("d", outside.toString()),
                        symlink("f", outside.resolve("file").toString()), file("f", "mine"),
                        symlink("l", outside.toString()), symlink("up", "..")));
        var before = TreeListing.of(sandbox, out);
        assertThat(run("initrd", "extract", links.toString(), "-o", out.toString())
                        .err())
                .isEmpty();
        assertThat(Files.readSymbolicLink(out.resolve("d"))).isEqualTo(outside);
        assertThat(out.resolve("f")).hasContent("mine");
        for (var through : List.of(file("l/planted", "evil"), directory("up/out2"), symlink("d/x", "/"))) {
            var hostile = Files.write(dir.resolve("through.img"), cpio(through));
            var result = run("initrd", "extract", hostile.toString(), "-o", out.toString());
            assertThat(result.err())
                    .startsWith("inetboot: '" + through.entry().name() + "': refusing to write outside " + out)
                    .endsWith(" in the output directory is not a directory\n");
        }
        var inOneArchive = Files.write(
                dir.resolve("inone.img"), cpio(symlink("m", outside.toString()), file("m/planted", "evil")));
        assertThat(run("initrd", "extract", inOneArchive.toString(), "-o", out.toString())
                        .err())
                .isEqualTo("inetboot: 'm/planted': refusing to write outside " + out + ": 'm' is a symbolic link\n");
        assertThat(TreeListing.of(sandbox, out)).isEqualTo(before);
    }

    @Test
    void aSymbolicLinkTargetLongerThanTheKernelTakesIsAnError() throws IOException {
        var entry = new CpioEntry("l", 0120777, 0, 0, 1, 0, 100_000, 0, 0, 0, 0, 0);
        var bytes = new ByteArrayOutputStream();
        try (var cpio = new CpioWriter(bytes)) {
            cpio.write(entry, new byte[100_000]);
        }
        var hostile = Files.write(dir.resolve("longlink.img"), bytes.toByteArray());
        var result = run(
                "initrd",
                "extract",
                hostile.toString(),
                "-o",
                dir.resolve("longlink").toString());
        assertThat(result.err())
                .isEqualTo(
                        "inetboot: entry 'l': a symbolic link target of 100000 bytes (the kernel takes at most 4096)\n");
    }

    private record Member(CpioEntry entry, byte[] data) {}

    private static Member file(String name, String content) {
        return new Member(
                new CpioEntry(name, 0100644, 0, 0, 1, 0, content.length(), 0, 0, 0, 0, 0), content.getBytes());
    }

    private static Member directory(String name) {
        return new Member(new CpioEntry(name, 0040777, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0), new byte[0]);
    }

    private static Member symlink(String name, String target) {
        return new Member(new CpioEntry(name, 0120777, 0, 0, 1, 0, target.length(), 0, 0, 0, 0, 0), target.getBytes());
    }

    private static byte[] cpio(Member... members) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var cpio = new CpioWriter(bytes)) {
            for (var member : members) {
                cpio.write(member.entry(), member.data());
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void appendRefusesToWriteOverItsBase() throws IOException {
        var base = Files.copy(initrd, dir.resolve("same.img"));
        var link = Files.createSymbolicLink(dir.resolve("same-link.img"), base);
        for (var output : List.of(base, link)) {
            var result = run("initrd", "append", base.toString(), tree.toString(), "-o", output.toString());
            assertThat(result.err())
                    .isEqualTo("inetboot: refusing to write " + output + " over its base " + base + "\n");
            assertThat(Files.readAllBytes(base)).isEqualTo(Files.readAllBytes(initrd));
        }
    }

    @Test
    void appendRefusesADamagedBaseAndWritesNothing() throws IOException {
        var whole = Files.readAllBytes(initrd);
        var truncated = Files.write(dir.resolve("truncated.img"), java.util.Arrays.copyOf(whole, whole.length - 20));
        var out = dir.resolve("from-truncated.img");
        var result = run("initrd", "append", truncated.toString(), tree.toString(), "-o", out.toString());
        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err())
                .startsWith("inetboot: " + truncated + ": member at byte 0 (gzip): ")
                .hasLineCount(1);
        assertThat(out).doesNotExist();
    }

    @Test
    void appendAddsACompressedArchiveThatWins() throws IOException {
        var overlay = Files.createDirectories(dir.resolve("overlay/etc"));
        Files.writeString(overlay.resolve("motd"), "overlay motd\n");
        var out = dir.resolve("appended.img");
        assertThat(run(
                                "initrd",
                                "append",
                                initrd.toString(),
                                dir.resolve("overlay").toString(),
                                "-o",
                                out.toString(),
                                "--compress",
                                "zstd")
                        .status())
                .isZero();
        var json = run("initrd", "ls", out.toString(), "--json").json();
        assertThat(json.get("segments").findValuesAsText("compression")).containsExactly("gzip", "zstd");
        var extracted = dir.resolve("appended");
        run("initrd", "extract", out.toString(), "-o", extracted.toString());
        assertThat(Files.readString(extracted.resolve("etc/motd"))).isEqualTo("overlay motd\n");
        assertThat(Files.readString(extracted.resolve("etc/motd.link"))).isEqualTo("overlay motd\n"); // same inode
        assertThat(run(
                                "initrd",
                                "append",
                                initrd.toString(),
                                dir.resolve("overlay").toString(),
                                "-o",
                                out.toString(),
                                "--compress",
                                "lzo")
                        .err())
                .contains("--compress must be none, gzip, xz, zstd or lz4, not 'lzo'");
    }

    @Test
    void anInitrdInsideAnIsoIsReadInPlace() throws IOException {
        var isoTree = Files.createDirectories(dir.resolve("iso/live"));
        Files.copy(initrd, isoTree.resolve("initrd.img"));
        var iso = IsoFixtures.xorriso(dir.resolve("live.iso"), dir.resolve("iso"), "-R");
        var json = run("initrd", "ls", iso.toString(), "--path", "/live/initrd.img", "--json")
                .json();
        assertThat(json.get("entries").findValuesAsText("path")).contains("bin/tool", "etc/motd");
    }

    @Test
    void modulesPrintsWhatToLoad() throws IOException {
        var kernel = DebianKernel.get();
        var out = run(
                        "modules",
                        kernel.root().toString(),
                        "--kernel",
                        kernel.version(),
                        "isofs",
                        "--alias",
                        "virtio:d00000001v00001AF4")
                .out();
        assertThat(out.lines())
                .containsExactly(
                        "insmod kernel/drivers/cdrom/cdrom.ko",
                        "insmod kernel/fs/isofs/isofs.ko",
                        "insmod kernel/drivers/virtio/virtio_ring.ko",
                        "insmod kernel/drivers/virtio/virtio.ko",
                        "insmod kernel/net/core/failover.ko",
                        "insmod kernel/drivers/net/net_failover.ko",
                        "insmod kernel/drivers/net/virtio_net.ko");
    }
}
