package org.inetboot.iso;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.inetboot.image.Image;
import org.inetboot.image.OpenOptions;
import org.inetboot.source.Stats;
import org.inetboot.testing.IsoFixtures;
import org.inetboot.testing.Nginx;
import org.inetboot.testing.SampleFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a listing of a whole large image (`ls -R`) costs the server: little more than its directories. */
@Timeout(300)
class MetadataWalkTest {

    @TempDir
    Path dir;

    @Test
    void walkingEveryDirectoryOfAMultiGibImageMakesTheServerSendUnder4Mib() throws Exception {
        var tree = Files.createDirectories(dir.resolve("tree"));
        SampleFiles.sparse(tree.resolve("filesystem.squashfs"), 4L << 30, 81);
        for (int d = 0; d < 300; d++) {
            var sub = Files.createDirectories(tree.resolve("pool/main/p" + d / 30 + "/package-" + d));
            for (int f = 0; f < 12; f++) {
                Files.writeString(sub.resolve("package-" + d + "_1.0-" + f + "_amd64.deb"), "deb " + d + " " + f);
            }
        }
        var www = Files.createDirectories(dir.resolve("www"));
        var image = IsoFixtures.xorriso(www.resolve("dvd.iso"), tree, "-R", "-J", "-iso-level", "3");
        try (var nginx = Nginx.serve(www, dir.resolve("nginx"))) {
            var stats = new Stats();
            long entries;
            try (var remote = Image.open(nginx.uri().resolve("dvd.iso").toString(), OpenOptions.DEFAULT, stats)) {
                var iso = IsoImage.open(remote.source());
                var count = new long[1];
                iso.walk(iso.root(), entry -> count[0]++);
                entries = count[0];
            }
            Thread.sleep(500); // requests cut at close are logged when nginx notices
            System.out.printf(
                    "walk of %d entries: server sent %,d bytes, fetched %,d, retries %d%n",
                    entries,
                    nginx.bytesSent(),
                    stats.snapshot().bytesFetched(),
                    stats.snapshot().retries());
            assertThat(entries).isEqualTo(1 + 1 + 1 + 1 + 10 + 300 + 300 * 12); // root, squashfs, pool, main, ...
            assertThat(stats.snapshot().retries()).as("nothing failed").isZero();
            assertThat(nginx.bytesSent()).isLessThan(4L << 20);
        } finally {
            Files.deleteIfExists(image);
        }
    }
}
