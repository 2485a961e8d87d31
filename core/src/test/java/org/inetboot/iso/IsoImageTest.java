package org.inetboot.iso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inetboot.iso.IsoSnapshots.open;
import static org.inetboot.iso.IsoSnapshots.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.inetboot.testing.IsoFixtures;
import org.inetboot.testing.IsoFixtures.Node;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our reader against images made by xorriso (which always writes Rock Ridge) and genisoimage (for
 * images without it), compared with the source tree, bsdtar and xorriso.
 */
class IsoImageTest {

    @TempDir
    static Path dir;

    static Path tree;
    static Map<String, Node> source;

    @BeforeAll
    static void makeTree() throws IOException {
        tree = IsoFixtures.sourceTree(dir.resolve("tree"));
        source = IsoFixtures.snapshot(tree);
    }

    private static Path iso(String name, String... args) throws IOException {
        return IsoFixtures.xorriso(dir.resolve(name), tree, args);
    }

    @Test
    void rockRidgeImagesShowTheSourceTreeExactly() throws IOException {
        for (var args : List.of(new String[] {"-R"}, new String[] {"-J", "-R"})) {
            var image = iso("rr" + args.length + ".iso", args);
            var iso = open(image);
            assertThat(iso.naming()).isEqualTo("rockridge");
            var ours = snapshot(iso);
            assertThat(ours).isEqualTo(source);
            // libarchive drops the "/" where a long link's components continue in a second SL entry
            var bsdtar = IsoFixtures.bsdtar(image, dir.resolve("bsdtar-rr" + args.length));
            assertThat(bsdtar.get("/links/long").target())
                    .isNotEqualTo(source.get("/links/long").target());
            bsdtar.put("/links/long", source.get("/links/long"));
            assertThat(ours).isEqualTo(bsdtar);
            assertThat(withoutOther(ours))
                    .isEqualTo(
                            withoutOther(IsoFixtures.xorrisoExtract(image, dir.resolve("xorriso-rr" + args.length))));
        }
    }

    @Test
    void rockRidgeKeepsModesAndTimes() throws IOException {
        var iso = open(iso("modes.iso", "-R"));
        var secret = iso.lookup("/data/secret.txt", false);
        assertThat(secret.permissions()).isEqualTo("0600");
        assertThat(iso.lookup("/private", false).permissions()).isEqualTo("0750");
        assertThat(secret.modified())
                .isEqualTo(Files.getLastModifiedTime(tree.resolve("data/secret.txt"))
                        .toInstant()
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(iso.lookup("/special/fifo", false).type()).isEqualTo(IsoEntry.Type.OTHER);
    }

    @Test
    void jolietOnlyImagesMatchBsdtar() throws IOException {
        var image = IsoFixtures.genisoimage(dir.resolve("joliet.iso"), tree, "-J", "-joliet-long");
        var iso = open(image);
        assertThat(iso.naming()).isEqualTo("joliet");
        var ours = snapshot(iso);
        assertThat(ours).isEqualTo(IsoFixtures.bsdtar(image, dir.resolve("bsdtar-joliet")));
        assertThat(ours).containsKey("/MixedCase.Name").containsKey("/data/text.txt");
    }

    @Test
    void plainLevelOneImagesShowIsoNamesLikeBsdtar() throws IOException {
        var image = IsoFixtures.genisoimage(dir.resolve("plain.iso"), tree, "-iso-level", "1");
        var iso = open(image);
        assertThat(iso.naming()).isEqualTo("iso9660");
        var ours = snapshot(iso);
        assertThat(ours).isEqualTo(IsoFixtures.bsdtar(image, dir.resolve("bsdtar-plain")));
        assertThat(ours).containsKey("/BOOT/GRUB/GRUB.CFG");
    }

    @Test
    void deepDirectoriesRelocatedByMkisofsAppearWhereTheyBelong() throws IOException {
        var deep = IsoFixtures.deepTree(dir.resolve("deep"));
        var image = IsoFixtures.genisoimage(dir.resolve("deep.iso"), deep, "-R");
        var ours = snapshot(open(image));
        var relocationDir =
                ours.keySet().stream().filter(p -> p.startsWith("/rr_moved")).toList();
        assertThat(relocationDir).containsExactly("/rr_moved"); // shown, as Linux does, but empty
        ours.remove("/rr_moved");
        assertThat(ours).isEqualTo(IsoFixtures.snapshot(deep));
        assertThat(ours).isEqualTo(IsoFixtures.bsdtar(image, dir.resolve("bsdtar-deep")));
    }

    @Test
    void zisofsFilesAreDecompressedTransparently() throws IOException {
        var image = IsoFixtures.zisofs(dir.resolve("zisofs.iso"), tree);
        var iso = open(image);
        var text = iso.lookup("/data/text.txt", false);
        assertThat(text.zisofs()).isNotNull();
        assertThat(text.extents().stream().mapToLong(IsoEntry.Extent::length).sum())
                .isLessThan(text.size() / 10);
        assertThat(snapshot(iso)).isEqualTo(source);
    }

    @Test
    void symbolicLinksAreFollowedOnLookup() throws IOException {
        var iso = open(iso("links.iso", "-R"));
        assertThat(iso.lookup("/links/relative", true).path()).isEqualTo("/boot/grub/grub.cfg");
        assertThat(iso.lookup("/links/dot", true).path()).isEqualTo("/boot/grub/grub.cfg");
        assertThat(iso.lookup("/links/absolute", true).path()).isEqualTo("/boot/vmlinuz");
        assertThat(iso.lookup("/links/up/boot/grub", true).path()).isEqualTo("/boot/grub");
        assertThat(iso.lookup("/links/relative", false).type()).isEqualTo(IsoEntry.Type.SYMLINK);
        assertThat(iso.lookup("/links/long", false).target()).isEqualTo("component/".repeat(40) + "end");
    }

    @Test
    void elToritoBiosAndUefiEntriesAndHybridPartitionsMatchXorrisoAndSfdisk() throws IOException {
        var boot = Files.createDirectories(dir.resolve("boot-tree"));
        Files.write(boot.resolve("boot.bin"), new byte[2048]);
        org.inetboot.host.Processes.run(boot, List.of("mkfs.fat", "-C", "efi.img", "2880"));
        for (var table : List.of("gpt", "mbr")) {
            var args = new java.util.ArrayList<>(List.of(
                    "-R",
                    "-b",
                    "boot.bin",
                    "-no-emul-boot",
                    "-boot-load-size",
                    "4",
                    "-eltorito-alt-boot",
                    "-e",
                    "efi.img",
                    "-no-emul-boot",
                    "-append_partition",
                    "2",
                    "0xef",
                    boot.resolve("efi.img").toString()));
            if (table.equals("gpt")) {
                args.add("-appended_part_as_gpt");
            }
            var image = IsoFixtures.xorriso(dir.resolve("boot-" + table + ".iso"), boot, args.toArray(String[]::new));
            var iso = open(image);
            var catalog = iso.bootCatalog();
            assertThat(catalog)
                    .extracting(BootEntry::platform, BootEntry::mediaType, BootEntry::lba, BootEntry::sectorCount)
                    .containsExactlyElementsOf(xorrisoReport(image));
            assertThat(catalog.get(1).size()).isEqualTo(Files.size(boot.resolve("efi.img")));
            assertThat(catalog.getFirst().lba())
                    .isEqualTo(
                            iso.lookup("/boot.bin", false).extents().getFirst().offset() / 2048);

            var ours =
                    PartitionTable.read(org.inetboot.source.FileSource.open(image, new org.inetboot.source.Stats()))
                            .stream()
                            .filter(p -> p.scheme().equals(table)
                                    || (table.equals("mbr") && p.scheme().equals("mbr")))
                            .map(p -> List.of(p.start() / 512, p.size() / 512, normalise(p.type())))
                            .toList();
            assertThat(ours).isEqualTo(sfdisk(image));
        }
    }

    /** El Torito images as {@code xorriso -report_el_torito plain} lists them: platform, emulation, LBA, load size. */
    private static List<org.assertj.core.groups.Tuple> xorrisoReport(Path image) throws IOException {
        var report = org.inetboot.host.Processes.run(
                dir, List.of("xorriso", "-indev", image.toString(), "-report_el_torito", "plain"));
        return report.lines()
                .filter(l -> l.startsWith("El Torito boot img :"))
                .map(l -> l.substring("El Torito boot img :".length()).trim().split("\\s+"))
                .map(f -> org.assertj.core.groups.Tuple.tuple(
                        f[1].equals("BIOS") ? "bios" : f[1].toLowerCase(java.util.Locale.ROOT),
                        f[3].equals("none") ? "no-emulation" : f[3],
                        Long.parseLong(f[7]),
                        Integer.parseInt(f[6])))
                .toList();
    }

    /** Partitions as {@code sfdisk -J} lists them: start and size in sectors, type. */
    private static List<List<Object>> sfdisk(Path image) throws IOException {
        var json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(org.inetboot.host.Processes.run(dir, List.of("sfdisk", "-J", image.toString())));
        var partitions = new java.util.ArrayList<List<Object>>();
        for (var p : json.get("partitiontable").get("partitions")) {
            partitions.add(List.of(
                    p.get("start").asLong(),
                    p.get("size").asLong(),
                    normalise(p.get("type").asText())));
        }
        return partitions;
    }

    private static String normalise(String type) {
        var lower = type.toLowerCase(java.util.Locale.ROOT);
        return lower.startsWith("0x") ? lower.substring(2) : lower;
    }

    private static Map<String, Node> withoutOther(Map<String, Node> nodes) {
        var kept = new TreeMap<>(nodes);
        kept.values().removeIf(n -> n.type().equals("other"));
        return kept;
    }
}
