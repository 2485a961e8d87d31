package org.inetboot.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.inetboot.testing.TreeListing;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeWriterTest {

    private static final TreeWriter.Attributes DIR = new TreeWriter.Attributes(0755, FileTime.fromMillis(1_000_000));
    private static final TreeWriter.Attributes FILE = new TreeWriter.Attributes(0644, FileTime.fromMillis(2_000_000));

    @TempDir
    Path sandbox;

    Path out;

    @BeforeEach
    void outsideTheOutput() throws IOException {
        out = Files.createDirectories(sandbox.resolve("out"));
        var outside = Files.createDirectories(sandbox.resolve("outside/dir"));
        Files.writeString(outside.resolve("file"), "outside");
        Files.writeString(sandbox.resolve("outside/top"), "top");
        Files.createSymbolicLink(out.resolve("pre"), Path.of("../outside/dir"));
        Files.createSymbolicLink(out.resolve("prefile"), Path.of("../outside/top"));
        Files.setLastModifiedTime(sandbox.resolve("outside"), FileTime.fromMillis(5_000_000));
    }

    @Test
    void generatedHostileTreesChangeNothingOutsideTheOutputDirectory() throws Exception {
        var random = new Random(7);
        for (int round = 0; round < 300; round++) {
            var before = TreeListing.of(sandbox, out);
            var outMode = Files.getPosixFilePermissions(out);
            // two writers over one output: the second meets the first one's links already there
            for (int pass = 0; pass < 2; pass++) {
                var tree = TreeWriter.under(out);
                for (int i = 0; i < 12; i++) {
                    try {
                        apply(tree, random);
                    } catch (UnsafeEntryException expected) {
                        assertThat(expected.getMessage()).contains("refusing to write outside");
                    }
                }
                tree.finish();
            }
            assertThat(TreeListing.of(sandbox, out)).as("round %d", round).isEqualTo(before);
            assertThat(Files.getPosixFilePermissions(out)).isEqualTo(outMode);
        }
    }

    private void apply(TreeWriter tree, Random random) throws IOException {
        var name = random.nextInt(20) == 0 ? "." : randomName(random);
        var attributes = new TreeWriter.Attributes(
                random.nextInt(2) == 0 ? 0555 : 0700, FileTime.fromMillis(random.nextInt(1 << 30)));
        switch (random.nextInt(4)) {
            case 0 -> tree.directory(name, attributes);
            case 1 -> tree.file(name, attributes, o -> o.write(name.getBytes(StandardCharsets.UTF_8)));
            default ->
                tree.symlink(
                        name,
                        pick(
                                random,
                                "/",
                                "..",
                                "../..",
                                "../outside",
                                "../outside/dir",
                                "../../outside/top",
                                sandbox.resolve("outside").toString(),
                                "a",
                                "a/b",
                                "b/../..",
                                "c",
                                "pre",
                                "prefile",
                                "."));
        }
    }

    private static String randomName(Random random) {
        var parts = new ArrayList<String>();
        int depth = 1 + random.nextInt(3);
        for (int i = 0; i < depth; i++) {
            parts.add(pick(random, "a", "b", "c", "pre", "prefile", "a", "b", random.nextInt(20) == 0 ? ".." : "a"));
        }
        var prefix = pick(random, "", "", "./", random.nextInt(10) == 0 ? "/" : "");
        return prefix + String.join("/", parts);
    }

    private static String pick(Random random, String... choices) {
        return choices[random.nextInt(choices.length)];
    }

    @Test
    void aDirectoryWithEntriesKeepsItsNameAgainstALaterLinkOrFile() throws Exception {
        var tree = TreeWriter.under(out);
        tree.directory("etc", DIR);
        tree.file("etc/passwd", FILE, o -> o.write('x'));
        tree.symlink("etc", "/etc");
        tree.file("etc", FILE, o -> o.write('y'));
        tree.finish();
        assertThat(out.resolve("etc")).isDirectory();
        assertThat(out.resolve("etc/passwd")).hasContent("x");
    }

    @Test
    void laterEntriesReplaceEarlierOnesOfTheSameName() throws Exception {
        var tree = TreeWriter.under(out);
        tree.symlink("a", "/");
        tree.directory("a", DIR);
        tree.file("a/f", FILE, o -> o.write('1'));
        tree.directory("b", DIR);
        tree.symlink("b", "a");
        tree.file("c", FILE, o -> o.write('2'));
        tree.symlink("c", "a/f");
        tree.file("d", FILE, o -> o.write('3'));
        tree.file("d", FILE, o -> o.write('4'));
        tree.finish();
        assertThat(out.resolve("a")).isDirectory();
        assertThat(Files.readSymbolicLink(out.resolve("b"))).isEqualTo(Path.of("a"));
        assertThat(Files.readSymbolicLink(out.resolve("c"))).isEqualTo(Path.of("a/f"));
        assertThat(out.resolve("d")).hasContent("4");
    }

    @Test
    void noEntryGoesThroughALinkOfTheTreeOrOfTheOutputDirectory() throws Exception {
        var tree = TreeWriter.under(out);
        tree.symlink("up", "..");
        assertThatThrownBy(() -> tree.file("up/escaped", FILE, o -> o.write('x')))
                .isInstanceOf(UnsafeEntryException.class)
                .hasMessage(
                        "'up/escaped': refusing to write outside " + out.toRealPath() + ": 'up' is a symbolic link");
        assertThatThrownBy(() -> tree.directory("pre/new", DIR))
                .hasMessageEndingWith("'pre' in the output directory is not a directory");
        tree.file("prefile", FILE, o -> o.write('z'));
        tree.finish();
        assertThat(sandbox.resolve("outside/top")).hasContent("top");
        assertThat(out.resolve("prefile")).hasContent("z");
        assertThat(sandbox.resolve("escaped")).doesNotExist();
    }

    @Test
    void unsafeNamesAreRefusedBeforeAnyDirectoryIsMade() throws Exception {
        var tree = TreeWriter.under(out);
        for (var name : List.of("/etc/passwd", "x/../../y", "x/./y", "x/y\0z", "new/..")) {
            assertThatThrownBy(() -> tree.file(name, FILE, o -> o.write('x')))
                    .as(name)
                    .isInstanceOf(UnsafeEntryException.class);
        }
        tree.symlink("l", "/");
        assertThatThrownBy(() -> tree.directory("l/fresh/deeper", DIR)).isInstanceOf(UnsafeEntryException.class);
        assertThat(out.resolve("x")).doesNotExist();
        assertThat(out.resolve("new")).doesNotExist();
        assertThat(out.resolve("l")).doesNotExist();
    }

    @Test
    void modesAndTimesAreSetDeepestFirstAndNeverOnTheRoot() throws Exception {
        var tree = TreeWriter.under(out);
        tree.directory(".", new TreeWriter.Attributes(0500, FileTime.fromMillis(0)));
        tree.directory("ro", new TreeWriter.Attributes(0555, FileTime.fromMillis(3_000_000)));
        tree.directory("ro/inner", new TreeWriter.Attributes(0500, FileTime.fromMillis(4_000_000)));
        tree.file("ro/inner/f", new TreeWriter.Attributes(0400, FileTime.fromMillis(6_000_000)), o -> o.write('x'));
        tree.finish();
        assertThat(Files.getPosixFilePermissions(out.resolve("ro")))
                .isEqualTo(PosixFilePermissions.fromString("r-xr-xr-x"));
        assertThat(Files.getLastModifiedTime(out.resolve("ro/inner")).toMillis())
                .isEqualTo(4_000_000);
        assertThat(Files.getLastModifiedTime(out.resolve("ro/inner/f")).toMillis())
                .isEqualTo(6_000_000);
        assertThat(Files.getPosixFilePermissions(out))
                .contains(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(Files.getLastModifiedTime(out)).isNotEqualTo(FileTime.fromMillis(0));
        Files.setPosixFilePermissions(out.resolve("ro/inner"), PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(out.resolve("ro"), PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void hardLinksShareTheContentWrittenThroughAnyOfThem() throws Exception {
        var tree = TreeWriter.under(out);
        var first = tree.file("bin/sh", FILE, o -> {});
        assertThat(tree.link("bin/busybox", "bin/sh", first, FILE, o -> o.write("bb".getBytes(StandardCharsets.UTF_8))))
                .isTrue();
        tree.file("bin/sh", FILE, o -> o.write('n'));
        assertThat(tree.link("bin/ash", "bin/sh", first, FILE, o -> {})).isTrue();
        tree.symlink("bin/sh", "busybox");
        assertThat(tree.link("bin/dash", "bin/sh", first, FILE, o -> {}))
                .as("the group's first was replaced")
                .isFalse();
        tree.finish();
        assertThat(out.resolve("bin/busybox")).hasContent("n");
        assertThat(out.resolve("bin/ash")).hasContent("n");
        assertThat(Files.readSymbolicLink(out.resolve("bin/sh"))).isEqualTo(Path.of("busybox"));
    }
}
