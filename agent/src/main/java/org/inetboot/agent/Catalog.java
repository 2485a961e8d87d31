package org.inetboot.agent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.inetboot.json.JsonReader;

/**
 * A catalog of images ({@code inetboot.menu=URL}) that stage 1 offers as a menu: a JSON list of
 * {@code {"name": "...", "url": "..."}} objects (the name is optional), or an object whose
 * {@code "images"} member is that list. Plain data.
 */
public record Catalog(List<Entry> images) {

    public record Entry(String name, String url) {}

    public Catalog {
        images = List.copyOf(images);
    }

    public static Catalog parse(String json, String source) throws IOException {
        var value = JsonReader.parse(json, source);
        if (value instanceof Map<?, ?> object && object.containsKey("images")) {
            value = object.get("images");
        }
        if (!(value instanceof List<?> list)) {
            throw new IOException(source + ": a catalog is a list of images, or an object with an \"images\" list");
        }
        var images = new ArrayList<Entry>();
        for (var item : list) {
            int number = images.size() + 1;
            if (!(item instanceof Map<?, ?> image) || !(image.get("url") instanceof String url) || url.isBlank()) {
                throw new IOException(source + ": image " + number + " has no \"url\"");
            }
            images.add(new Entry(image.get("name") instanceof String name && !name.isBlank() ? name : url, url));
        }
        if (images.isEmpty()) {
            throw new IOException(source + ": the catalog lists no image");
        }
        return new Catalog(images);
    }
}
