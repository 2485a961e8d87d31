package org.inetboot.iso;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.inetboot.host.Processes;
import org.inetboot.image.Image;
import org.inetboot.image.OpenOptions;
import org.inetboot.source.Stats;
import org.inetboot.testing.IsoFixtures;
import org.inetboot.testing.Nginx;
import org.inetboot.testing.SampleFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Files of 4 GiB and more (multi-extent), and how little of a remote image listing and reading touch. */
@Timeout(300)
class IsoLargeAndRemoteTest {

    private static final long GIB = 1L << 30;

    @TempDir
    Path dir;

    @Test
    void aFileOver4GibIsEveryExtentConcatenated() throws IOException {
        var tree = Files.createDirectories(dir.resolve("tree"));
        long size = 4 * GIB + GIB / 2 + 12345;
        var big = SampleFiles.sparse(tree.resolve("big.img"), size, 71, 0, 4 * GIB - 4096, size - (1 << 20));
        Files.writeString(tree.resolve("after.txt"), "after the big one");
        var image = IsoFixtures.xorriso(dir.resolve("big.iso"), tree, "-R", "-iso-level", "3");
        try {
            var iso = IsoSnapshots.open(image);
            var entry = iso.lookup("/big.img", false);
            assertThat(entry.size()).isEqualTo(size);
            assertThat(entry.extents()).hasSizeGreaterThanOrEqualTo(2);
            try (var in = Files.newInputStream(big)) {
                assertThat(IsoFixtures.sha256(IsoSnapshots.stream(iso.open(entry))))
                        .isEqualTo(IsoFixtures.sha256(in));
            }
            assertThat(IsoFixtures.sha256(IsoSnapshots.stream(iso.open(iso.lookup("/after.txt", false)))))
                    .isEqualTo(IsoFixtures.sha256(new java.io.ByteArrayInputStream("after the big one".getBytes())));
            var listing = Processes.run(dir, List.of("bsdtar", "-tvf", image.toString()));
            assertThat(listing).containsPattern("\\s" + size + "\\s.*big\\.img");
        } finally {
            Files.delete(image);
        }
    }

    @Test
    void listingTheRootAndReadingOneFileOfA500MibImageFetchesUnder3Mib() throws Exception {
        var www = Files.createDirectories(dir.resolve("www"));
        var tree = Files.createDirectories(dir.resolve("tree"));
        SampleFiles.sparse(tree.resolve("filesystem.squashfs"), 500L << 20, 72);
        var wanted = SampleFiles.write(tree.resolve("vmlinuz"), 1 << 20, 73);
        for (int i = 0; i < 50; i++) {
            Files.writeString(tree.resolve("file" + i + ".txt"), "small file " + i);
        }
        var image = IsoFixtures.xorriso(www.resolve("big.iso"), tree, "-R", "-J");
        assertThat(Files.size(image)).isGreaterThan(500L << 20);
        try (var nginx = Nginx.serve(www, dir.resolve("nginx"))) {
            var stats = new Stats();
            try (var remote = Image.open(nginx.uri().resolve("big.iso").toString(), OpenOptions.DEFAULT, stats)) {
                var iso = IsoImage.open(remote.source());
                assertThat(iso.list(iso.root())).hasSize(52);
                var content = iso.open(iso.lookup("/vmlinuz", false));
                try (var in = Files.newInputStream(wanted)) {
                    assertThat(IsoFixtures.sha256(IsoSnapshots.stream(content))).isEqualTo(IsoFixtures.sha256(in));
                }
            }
            assertThat(stats.snapshot().bytesFetched()).isLessThan(3L << 20);
        }
    }
}
