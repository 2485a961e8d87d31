package org.inetboot.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import org.inetboot.catalog.Catalog;
import org.inetboot.catalog.CatalogPage;
import org.inetboot.testing.IsoFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A directory of real ISOs and hostile files published: what is listed, what is skipped and why, what is read again. */
class PublicationTest {

    @TempDir
    Path dir;

    private static final String BASE = "https://boot.example/images";

    /** A small live ISO in live-build's layout: a kernel (its setup header), an initrd, a GRUB menu. */
    private Path liveIso(Path into, String volume) throws IOException {
        var tree = dir.resolveSibling(dir.getFileName() + "-tree-" + volume);
        Files.createDirectories(tree.resolve("boot/grub"));
        Files.createDirectories(tree.resolve("live"));
        Files.writeString(tree.resolve("boot/grub/grub.cfg"), """
                menuentry 'Live <system> & "more"' {
                    linux /live/vmlinuz boot=live components
                    initrd /live/initrd.img
                }
                menuentry 'Fail-safe' {
                    linux /live/vmlinuz boot=live nomodeset
                    initrd /live/initrd.img
                }
                """);
        var header = java.nio.ByteBuffer.allocate(0x240).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        header.putShort(0x1fe, (short) 0xaa55).putInt(0x202, 0x53726448).putShort(0x206, (short) 0x020f);
        header.put(0x211, (byte) 1).putShort(0x236, (short) 3);
        Files.write(tree.resolve("live/vmlinuz"), header.array());
        Files.writeString(tree.resolve("live/initrd.img"), "initrd");
        Files.writeString(tree.resolve("live/filesystem.squashfs"), "root");
        return IsoFixtures.xorriso(into, tree, "-R", "-V", volume);
    }

    private Catalog publish(StringWriter log) throws IOException {
        return new Publication(dir, BASE, "console=ttyS0").publish(new PrintWriter(log, true));
    }

    @Test
    void listsTheImagesSkipsTheRestWithTheReasonAndEscapesEveryName() throws IOException {
        liveIso(dir.resolve("debian live.iso"), "LIVE_ONE");
        var hostileName = "<img src=x onerror=alert(1)>\nevil'$x.iso";
        Files.move(liveIso(dir.resolve("two.tmp"), "LIVE_TWO"), dir.resolve(hostileName));
        Files.createDirectories(dir.resolve("sub"));
        liveIso(dir.resolve("sub/nested.iso"), "NESTED");
        Files.writeString(dir.resolve("debian live.iso.meta4"), "<metalink/>");
        Files.writeString(dir.resolve("debian live.iso.profile"), "profile");
        Files.write(dir.resolve("empty.iso"), new byte[0]);
        Files.writeString(dir.resolve("README.txt"), "hello");
        var truncated = dir.resolve("truncated.iso");
        Files.write(truncated, java.util.Arrays.copyOf(Files.readAllBytes(dir.resolve("debian live.iso")), 40_000));
        try (var sparse = new RandomAccessFile(dir.resolve("sparse.iso").toFile(), "rw")) {
            sparse.setLength(5L << 30);
        }
        Files.createSymbolicLink(dir.resolve("passwd.iso"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(dir.resolve("nowhere.iso"), Path.of("missing.iso"));
        Files.createSymbolicLink(dir.resolve("inside.iso"), Path.of("sub/nested.iso"));

        var catalog = publish(new StringWriter());

        assertThat(catalog.images())
                .extracting(Catalog.Image::file)
                .containsExactly(hostileName, "debian live.iso", "inside.iso", "sub/nested.iso");
        var live = catalog.images().get(1);
        assertThat(live.url()).isEqualTo(BASE + "/debian%20live.iso");
        assertThat(live.distro()).isEqualTo("debian-live");
        assertThat(live.volume()).isEqualTo("LIVE_ONE");
        assertThat(live.entries()).hasSize(2).first().satisfies(e -> {
            assertThat(e.label()).isEqualTo("Live <system> & \"more\"");
            assertThat(e.overHttp()).isEqualTo("over HTTP: debian-live, live-media=/dev/nbd0");
        });
        assertThat(live.manifest()).isEqualTo("debian live.iso.meta4");
        assertThat(live.signature()).isNull();
        assertThat(live.profile()).isEqualTo("debian live.iso.profile");
        assertThat(catalog.images().getFirst().url())
                .isEqualTo(BASE + "/%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E%0Aevil%27%24x.iso");
        assertThat(catalog.skipped())
                .extracting(Catalog.Skipped::file)
                .containsExactly("README.txt", "empty.iso", "nowhere.iso", "passwd.iso", "sparse.iso", "truncated.iso");
        assertThat(catalog.skipped())
                .extracting(Catalog.Skipped::reason)
                .allSatisfy(reason -> assertThat(reason).doesNotContain("\n").doesNotContain(dir.toString()));
        assertThat(reason(catalog, "empty.iso")).isEqualTo("an empty file");
        assertThat(reason(catalog, "passwd.iso")).isEqualTo("a link that leads out of the directory");
        assertThat(reason(catalog, "nowhere.iso")).isEqualTo("a link that leads nowhere");
        assertThat(reason(catalog, "truncated.iso")).contains("truncated.iso").containsPattern("offset|byte");

        assertThat(Catalog.parse(Files.readString(dir.resolve("catalog.json")), "catalog.json"))
                .isEqualTo(catalog);
        var page = Files.readString(dir.resolve("index.html"));
        assertThat(page)
                .doesNotContain("<img")
                .contains("&lt;img src=x onerror=alert(1)&gt;")
                .contains("Live &lt;system&gt; &amp; &quot;more&quot;")
                .contains("inetboot.url=" + BASE + "/debian%20live.iso")
                .contains("<span class=\"badge verified\">verified</span>")
                .contains(CatalogPage.BROWSE + "/" + CatalogPage.id("debian live.iso") + "/index.html");
        var ipxe = Files.readString(dir.resolve("boot.ipxe"));
        assertThat(ipxe)
                .contains("item image1 _img src_x onerror_alert(1)__evil__x.iso (debian-live, 2 entries)")
                .contains("kernel " + BASE + "/inetboot/medium/vmlinuz initrd=initrd.img console=ttyS0 inetboot.url="
                        + BASE + "/debian%20live.iso");
        assertThat(ipxe.lines().filter(l -> l.startsWith("item image"))).hasSize(4);
        assertThat(Files.readString(dir.resolve("grub.cfg")))
                .contains("menuentry 'debian live.iso (debian-live, 2 entries)' {")
                .contains("    linux /boot/vmlinuz console=ttyS0 inetboot.url=" + BASE + "/sub/nested.iso");
        var files = dir.resolve(CatalogPage.BROWSE).resolve(CatalogPage.id("debian live.iso"));
        assertThat(Files.readString(files.resolve("index.html"))).contains("/boot/grub/grub.cfg", "/live/vmlinuz");
        assertThat(Files.list(files).map(p -> p.getFileName().toString())).contains("text-0.html");
        assertThat(Files.readString(files.resolve("text-0.html"))).contains("menuentry &#39;Live &lt;system&gt;");
    }

    @Test
    void anUnchangedImageIsNotReadAgainAndAGoneOneLosesItsPages() throws IOException {
        var one = liveIso(dir.resolve("one.iso"), "ONE");
        var bytes = Files.readAllBytes(one);
        liveIso(dir.resolve("two.iso"), "TWO");
        var first = new StringWriter();
        publish(first);
        assertThat(first.toString()).contains("read one.iso", "read two.iso");

        var again = new StringWriter();
        publish(again);
        assertThat(again.toString()).doesNotContain("read ");

        Files.setLastModifiedTime(
                one, FileTime.fromMillis(Files.getLastModifiedTime(one).toMillis() + 1000));
        Files.delete(dir.resolve("two.iso"));
        var changed = new StringWriter();
        var catalog = publish(changed);
        assertThat(changed.toString()).contains("read one.iso").doesNotContain("two.iso");
        assertThat(catalog.images()).extracting(Catalog.Image::file).containsExactly("one.iso");
        assertThat(Files.list(dir.resolve(CatalogPage.BROWSE))
                        .map(p -> p.getFileName().toString()))
                .containsExactly(CatalogPage.id("one.iso"));
        assertThat(Files.readAllBytes(one)).as("images are never written").isEqualTo(bytes);
    }

    /** The page links the medium's files only once they are there ({@code publish --medium} builds them first). */
    @Test
    void thePageLinksTheMediumOnlyWhenItIsPublished() throws IOException {
        liveIso(dir.resolve("one.iso"), "ONE");
        publish(new StringWriter());
        assertThat(Files.readString(dir.resolve("index.html")))
                .contains("not published here yet: <code>inetboot publish DIR --medium</code>")
                .doesNotContain("href=\"inetboot/medium/");
        var medium = new Publication(dir, BASE, "").mediumDirectory();
        for (var file : List.of("inetboot.iso", "vmlinuz", "initrd.img")) {
            Files.writeString(medium.resolve(file), file);
        }
        publish(new StringWriter());
        assertThat(Files.readString(dir.resolve("index.html")))
                .doesNotContain("not published here")
                .contains(
                        "href=\"inetboot/medium/inetboot.iso\"",
                        "href=\"inetboot/medium/vmlinuz\"",
                        "href=\"inetboot/medium/initrd.img\"");
    }

    @Test
    void aLinkPlantedWhereThePagesGoIsRefusedAndNothingIsWrittenThere() throws IOException {
        liveIso(dir.resolve("one.iso"), "ONE");
        var elsewhere = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-elsewhere"));
        Files.createSymbolicLink(dir.resolve("inetboot"), elsewhere);
        assertThatThrownBy(() -> publish(new StringWriter()))
                .hasMessage("inetboot is not a directory of the publication's own (a link or a file)");
        assertThat(Files.list(elsewhere)).isEmpty();
    }

    /** {@code serve --catalog}'s path: the server serves what the live catalog writes as images come and go. */
    @Test
    void theLiveCatalogFollowsImagesAsTheyComeAndGoWhileTheServerServesIt() throws Exception {
        liveIso(dir.resolve("one.iso"), "ONE");
        var log = new PrintWriter(new StringWriter(), true);
        try (var server = StaticFileServer.start(dir, new InetSocketAddress("127.0.0.1", 0));
                var live = LiveCatalog.start(new Publication(dir, BASE, ""), Duration.ofMillis(100), log);
                var http = HttpClient.newHttpClient()) {
            assertThat(served(http, server, "one.iso", "two.iso")).isEqualTo(List.of("one.iso"));
            Files.move(liveIso(dir.resolve("two.tmp"), "TWO"), dir.resolve("two.iso"));
            assertThat(served(http, server, "one.iso", "two.iso")).isEqualTo(List.of("one.iso", "two.iso"));
            Files.delete(dir.resolve("one.iso"));
            assertThat(served(http, server, "two.iso", "two.iso")).isEqualTo(List.of("two.iso"));
            assertThat(live.publications()).isGreaterThanOrEqualTo(2);
            var page = http.send(
                    HttpRequest.newBuilder(server.uri().resolve("index.html")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.body()).contains(BASE + "/two.iso").doesNotContain(BASE + "/one.iso");
        }
    }

    /** The served catalog's images, once the set of them is {@code first}..{@code last} (polled up to 20 s). */
    private static List<String> served(HttpClient http, StaticFileServer server, String first, String last)
            throws Exception {
        List<String> files = List.of();
        for (int i = 0; i < 200; i++) {
            var body = http.send(
                            HttpRequest.newBuilder(server.uri().resolve("catalog.json"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            files = Catalog.parse(body, "catalog.json").images().stream()
                    .map(Catalog.Image::file)
                    .toList();
            if (!files.isEmpty()
                    && files.getFirst().equals(first)
                    && files.getLast().equals(last)) {
                break;
            }
            Thread.sleep(100);
        }
        return files;
    }

    private static String reason(Catalog catalog, String file) {
        return catalog.skipped().stream()
                .filter(s -> s.file().equals(file))
                .findFirst()
                .orElseThrow()
                .reason();
    }
}
