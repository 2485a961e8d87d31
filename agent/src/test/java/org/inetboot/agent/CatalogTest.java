package org.inetboot.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogTest {

    @Test
    void aListOrAnObjectWithImages() throws IOException {
        var list =
                "[{\"name\": \"Debian Live 12\", \"url\": \"https://m/debian.iso\"}, {\"url\": \"https://m/other.iso\", \"size\": 1}]";
        var expected = List.of(
                new Catalog.Entry("Debian Live 12", "https://m/debian.iso"),
                new Catalog.Entry("https://m/other.iso", "https://m/other.iso"));
        assertThat(Catalog.parse(list, "c").images()).isEqualTo(expected);
        assertThat(Catalog.parse("{\"version\": 1, \"images\": " + list + "}", "c")
                        .images())
                .isEqualTo(expected);
    }

    /** What {@code inetboot publish DIR} writes (docs/catalog.md) is what the medium reads. */
    @Test
    void aPublishedCatalogIsRead() throws IOException {
        var entry =
                new org.inetboot.catalog.Catalog.Entry("Live", true, "over HTTP: debian-live, live-media=/dev/nbd0");
        var image = new org.inetboot.catalog.Catalog.Image(
                "a b.iso",
                "a b.iso",
                "https://m/a%20b.iso",
                1,
                2,
                "debian-live",
                "LIVE",
                List.of(entry),
                null,
                null,
                null);
        var published = new org.inetboot.catalog.Catalog(
                List.of(image), List.of(new org.inetboot.catalog.Catalog.Skipped("notes.txt", "not an ISO")));
        assertThat(Catalog.parse(published.json(), "catalog.json").images())
                .containsExactly(new Catalog.Entry("a b.iso", "https://m/a%20b.iso"));
    }

    @Test
    void whatIsNotACatalogIsNamed() {
        assertThatThrownBy(() -> Catalog.parse("{\"x\": []}", "http://m/menu.json"))
                .hasMessage("http://m/menu.json: a catalog is a list of images, or an object with an \"images\" list");
        assertThatThrownBy(() -> Catalog.parse("[{\"url\": \"a\"}, {\"name\": \"b\"}]", "m"))
                .hasMessage("m: image 2 has no \"url\"");
        assertThatThrownBy(() -> Catalog.parse("[]", "m")).hasMessage("m: the catalog lists no image");
        assertThatThrownBy(() -> Catalog.parse("[", "m")).hasMessageStartingWith("m at offset 1: not JSON");
    }
}
