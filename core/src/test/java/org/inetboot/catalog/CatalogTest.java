package org.inetboot.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One schema (docs/catalog.md) for what {@code publish} writes and what a person writes for the medium. */
class CatalogTest {

    private static final String HEADER = "{\"format\": \"inetboot-catalog\", \"version\": 1, ";

    @Test
    void aPublishedCatalogReadsBackAsItWasWritten() throws IOException {
        var entry = new Catalog.Entry("Live", true, "over HTTP: debian-live, live-media=/dev/nbd0");
        var image = new Catalog.Image(
                "a b.iso",
                "a b.iso",
                "https://m/a%20b.iso",
                1,
                2,
                "debian-live",
                "LIVE",
                List.of(entry),
                "a b.iso.meta4",
                null,
                null);
        var published = new Catalog(List.of(image), List.of(new Catalog.Skipped("notes.txt", "not an ISO")));
        assertThat(Catalog.parse(published.json(), "catalog.json")).isEqualTo(published);
    }

    @Test
    void aCatalogWrittenByHandNeedsOnlyEachImagesUrl() throws IOException {
        var json = HEADER + """
                "images": [{"name": "Debian Live 12", "url": "https://m/debian.iso"}, {"url": "https://m/other.iso"}]}
                """;
        var images = Catalog.parse(json, "c").images();
        assertThat(images).extracting(Catalog.Image::name).containsExactly("Debian Live 12", "https://m/other.iso");
        assertThat(images)
                .extracting(Catalog.Image::url)
                .containsExactly("https://m/debian.iso", "https://m/other.iso");
        assertThat(images.getFirst().file()).isNull();
        assertThat(images.getFirst().entries()).isEmpty();
    }

    @Test
    void whatIsNotACatalogIsNamed() {
        assertThatThrownBy(() -> Catalog.parse("[{\"url\": \"a\"}]", "http://m/menu.json"))
                .hasMessage("http://m/menu.json: a catalog is a JSON object");
        assertThatThrownBy(() -> Catalog.parse("{\"images\": []}", "m"))
                .hasMessage("m: not an inetboot-catalog (format and version missing)");
        assertThatThrownBy(() -> Catalog.parse("{\"format\": \"inetboot-catalog\", \"version\": 2}", "m"))
                .hasMessage("m: catalog version 2; this InetBoot reads up to 1");
        assertThatThrownBy(() -> Catalog.parse(HEADER + "\"images\": [{\"url\": \"a\"}, {\"name\": \"b\"}]}", "m"))
                .hasMessage("m: image 2: \"url\" is missing or not a string");
        assertThatThrownBy(() -> Catalog.parse(HEADER + "\"images\": [{\"url\": \" \"}]}", "m"))
                .hasMessage("m: image 1: \"url\" is empty");
        assertThatThrownBy(() -> Catalog.parse(HEADER + "\"images\": [{\"url\": \"a\", \"size\": \"big\"}]}", "m"))
                .hasMessage("m: image 1: \"size\" is not a size");
        assertThatThrownBy(() -> Catalog.parse(HEADER + "\"images\": [{\"url\": \"a\", \"name\": 7}]}", "m"))
                .hasMessage("m: image 1: \"name\" is not a string");
        assertThatThrownBy(() -> Catalog.parse(HEADER + "\"images\": {}}", "m"))
                .hasMessage("m: \"images\" is not a list");
        assertThatThrownBy(() -> Catalog.parse("[", "m")).hasMessageStartingWith("m at offset 1: not JSON");
    }
}
