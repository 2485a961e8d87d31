package org.inetboot.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inetboot.cli.CliTest.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.TreeMap;
import org.inetboot.host.Processes;
import org.inetboot.testing.IsoFixtures;
import org.inetboot.testing.Nginx;
import org.inetboot.testing.TreeListing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ls, extract and info on a real hybrid ISO served by nginx. */
class CliIsoTest {

    @TempDir
    static Path dir;

    static Path tree;
    static Nginx nginx;
    static String url;

    @BeforeAll
    static void start() throws IOException {
        tree = IsoFixtures.sourceTree(dir.resolve("tree"));
        Files.write(tree.resolve("boot/boot.bin"), new byte[2048]);
        Processes.run(tree.resolve("boot"), java.util.List.of("mkfs.fat", "-C", "efi.img", "1440"));
        var www = Files.createDirectories(dir.resolve("www"));
        IsoFixtures.xorriso(
                www.resolve("live.iso"),
                tree,
                "-R",
                "-J",
                "-V",
                "LIVE_TEST",
                "-b",
                "boot/boot.bin",
                "-no-emul-boot",
                "-boot-load-size",
                "4",
                "-eltorito-alt-boot",
                "-e",
                "boot/efi.img",
                "-no-emul-boot",
                "-append_partition",
                "2",
                "0xef",
                tree.resolve("boot/efi.img").toString(),
                "-appended_part_as_gpt");
        nginx = Nginx.serve(www, dir.resolve("nginx"));
        url = nginx.uri().resolve("live.iso").toString();
    }

    @AfterAll
    static void stop() throws Exception {
        nginx.close();
    }

    @Test
    void lsJsonHasTheContractFields() throws IOException {
        var result = run("ls", url, "/links", "--json");
        assertThat(result.status()).isZero();
        var entries = result.json();
        assertThat(entries).hasSize(5);
        var relative = entries.findValues("path").stream().map(n -> n.asText()).toList();
        assertThat(relative).contains("/links/relative", "/links/absolute");
        for (var entry : entries) {
            assertThat(entry.get("type").asText()).isEqualTo("symlink");
            assertThat(entry.get("mode").asText()).isEqualTo("0777");
            assertThat(entry.get("mtime").asText()).endsWith("Z");
            assertThat(entry.has("target")).isTrue();
        }
    }

    @Test
    void lsRecursiveListsEveryPathOfTheTree() throws IOException {
        var entries = run("ls", url, "-R", "--json").json();
        var paths = new ArrayList<String>();
        entries.forEach(e -> paths.add(e.get("path").asText()));
        var expected = new ArrayList<>(IsoFixtures.snapshot(tree).keySet());
        expected.add("/boot.catalog"); // xorriso publishes the El Torito catalog as a file
        assertThat(paths).containsExactlyInAnyOrderElementsOf(expected);
        var file = entries.findParents("path").stream()
                .filter(e -> e.get("path").asText().equals("/data/random.bin"))
                .findFirst()
                .orElseThrow();
        assertThat(file.get("type").asText()).isEqualTo("file");
        assertThat(file.get("size").asLong()).isEqualTo(Files.size(tree.resolve("data/random.bin")));
    }

    @Test
    void lsLongLooksLikeLsMinusL() {
        var out = run("ls", url, "/links", "-l").out();
        assertThat(out)
                .containsPattern(
                        "(?m)^lrwxrwxrwx +21  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d  relative -> \\.\\./boot/grub/grub\\.cfg$");
        assertThat(run("ls", url, "/data", "-l").out()).containsPattern("(?m)^-rw------- +14  .*  secret\\.txt$");
    }

    @Test
    void extractRecreatesFilesDirectoriesLinksModesAndTimes() throws IOException {
        var out = dir.resolve("extracted");
        var tops = java.util.List.of("/boot", "/data", "/links", "/private");
        var args = new ArrayList<>(java.util.List.of("extract", url));
        args.addAll(tops);
        args.addAll(java.util.List.of("-o", out.toString()));
        assertThat(run(args.toArray(String[]::new)).status()).isZero();
        var expected = new TreeMap<>(IsoFixtures.snapshot(tree));
        expected.keySet().removeIf(p -> tops.stream().noneMatch(top -> p.equals(top) || p.startsWith(top + "/")));
        assertThat(IsoFixtures.snapshot(out)).isEqualTo(expected);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("data/secret.txt"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("private"))))
                .isEqualTo("rwxr-x---");
        assertThat(Files.getLastModifiedTime(out.resolve("boot/vmlinuz")).toInstant())
                .isEqualTo(Files.getLastModifiedTime(tree.resolve("boot/vmlinuz"))
                        .toInstant()
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    @Test
    void extractSkipsDevicesAndFifosWithAWarning() {
        var result =
                run("extract", url, "/special", "-o", dir.resolve("special").toString());
        assertThat(result.status()).isZero();
        assertThat(result.err()).contains("inetboot: skipping /special/fifo: device nodes and fifos are not extracted");
    }

    @Test
    void extractOfADirectoryAndALinkOfOneNameChangesNothingOutsideNorTheOutputDirectoryItself() throws IOException {
        var sandbox = Files.createDirectories(dir.resolve("dup-sandbox"));
        var outside = Files.createDirectories(sandbox.resolve("outside"));
        var source = Files.createDirectories(dir.resolve("dup-tree"));
        Files.createDirectories(source.resolve("aa"));
        Files.setPosixFilePermissions(source.resolve("aa"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.createSymbolicLink(source.resolve("ab"), outside);
        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("r-x------"));
        var iso = IsoFixtures.xorriso(dir.resolve("dup.iso"), source, "-R");
        renameRockRidge(iso, "ab", "aa"); // two records, one name: Rock Ridge allows it
        var out = Files.createDirectories(sandbox.resolve("out"));
        var outMode = Files.getPosixFilePermissions(out);
        var before = TreeListing.of(sandbox, out);

        var result = run("extract", iso.toString(), "/", "-o", out.toString());

        assertThat(result.err()).isEmpty();
        assertThat(TreeListing.of(sandbox, out)).isEqualTo(before);
        assertThat(Files.getPosixFilePermissions(out)).isEqualTo(outMode);
        assertThat(Files.readSymbolicLink(out.resolve("aa")))
                .as("the later entry wins, as in the kernel")
                .isEqualTo(outside);
    }

    /** Rewrites a Rock Ridge NM entry's name in place (same length). */
    private static void renameRockRidge(Path iso, String from, String to) throws IOException {
        var bytes = Files.readAllBytes(iso);
        var needle = ("NM" + (char) (5 + from.length()) + "\u0001\u0000" + from)
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = 0;
        while (!java.util.Arrays.equals(bytes, at, at + needle.length, needle, 0, needle.length)) {
            at++;
        }
        System.arraycopy(to.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, bytes, at + 5, to.length());
        Files.write(iso, bytes);
    }

    @Test
    void infoShowsVolumeBootCatalogAndPartitions() throws IOException {
        var json = run("info", url, "--json").json();
        assertThat(json.get("volumeId").asText()).isEqualTo("LIVE_TEST");
        var catalog = json.get("bootCatalog");
        assertThat(catalog).hasSize(2);
        assertThat(catalog.get(0).get("platform").asText()).isEqualTo("bios");
        assertThat(catalog.get(0).get("mediaType").asText()).isEqualTo("no-emulation");
        assertThat(catalog.get(1).get("platform").asText()).isEqualTo("uefi");
        assertThat(catalog.get(1).get("size").asLong()).isEqualTo(Files.size(tree.resolve("boot/efi.img")));
        var schemes = new ArrayList<String>();
        json.get("partitions")
                .forEach(p -> schemes.add(
                        p.get("scheme").asText() + ":" + p.get("type").asText()));
        assertThat(schemes).contains("mbr:0xee", "gpt:c12a7328-f81f-11d2-ba4b-00a0c93ec93b");
    }

    @Test
    void infoForPeoplePrintsTablesNotRecords() {
        var text = run("info", url).out();
        assertThat(text).doesNotContain("BootEntry[", "Partition[", "=");
        var lines = text.lines().toList();
        int catalog = lines.indexOf(lines.stream()
                .filter(l -> l.startsWith("bootCatalog"))
                .findFirst()
                .orElseThrow());
        assertThat(lines.get(catalog + 1).strip()).startsWith("platform").contains("mediaType");
        assertThat(lines.get(catalog + 2).strip()).startsWith("bios").contains("no-emulation");
        assertThat(lines.get(catalog + 3).strip()).startsWith("uefi");
    }

    @Test
    void entriesJsonHasTheContractFields() throws IOException {
        var json = run("entries", url, "--json").json();
        assertThat(json.get("distro").asText()).isEqualTo("debian-live"); // by its kernel argument boot=live
        var entry = json.get("entries").get(0);
        assertThat(entry.get("label").asText()).isEqualTo("Live");
        assertThat(entry.get("kernel").asText()).isEqualTo("/live/vmlinuz");
        assertThat(entry.get("initrds")).isEmpty();
        assertThat(entry.get("cmdline").asText()).isEqualTo("boot=live");
        assertThat(entry.get("default").asBoolean()).isTrue();
        assertThat(entry.get("source").asText()).isEqualTo("/boot/grub/grub.cfg");
        assertThat(entry.get("firmware").asText()).isEqualTo("both"); // GRUB alone, and a BIOS boot image
        var table = run("entries", url).out();
        assertThat(table).startsWith("distro: debian-live\n").contains("  1*  both  Live\n");
    }

    @Test
    void listingIsLazyOverHttp() throws IOException {
        var stats = run("--stats", "ls", url, "/boot/grub").stats();
        assertThat(stats.get("bytesFetched").asLong()).isLessThan(512 * 1024);
    }

    @Test
    void missingPathsAreOneLineErrors() {
        var result = run("ls", url, "/no/such/dir");
        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err())
                .matches("inetboot: " + java.util.regex.Pattern.quote(url)
                        + ": /no at byte \\d+: no such file or directory\\R");
    }
}
