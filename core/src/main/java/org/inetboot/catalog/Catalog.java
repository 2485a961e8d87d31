package org.inetboot.catalog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.inetboot.json.Json;
import org.inetboot.json.JsonReader;

/**
 * What a published directory offers ({@code catalog.json}, docs/catalog.md): its images, each with
 * what InetBoot read of it, and the files it passed over with the reason. Plain data.
 */
public record Catalog(List<Image> images, List<Skipped> skipped) {

    /** The schema's version: a reader refuses a catalog of a later one. */
    public static final int VERSION = 1;

    public static final String FORMAT = "inetboot-catalog";

    /**
     * An image. A catalog written by hand may give only the url: the other fields are then null,
     * 0 or empty, and the name is the url.
     *
     * @param file     the path under the directory, '/'-separated
     * @param url      where clients fetch it
     * @param modified the file's modification time, in milliseconds (with the size: unchanged or not)
     * @param distro   its family, as {@code inetboot entries} names it
     * @param volume   the ISO's volume id
     * @param manifest its Metalink manifest beside it ({@code NAME.meta4}), or null
     * @param signature the manifest's minisign signature, or null
     * @param profile  its boot profile beside it ({@code NAME.profile}), or null
     */
    public record Image(
            String file,
            String name,
            String url,
            long size,
            long modified,
            String distro,
            String volume,
            List<Entry> entries,
            String manifest,
            String signature,
            String profile) {

        public Image {
            entries = List.copyOf(entries);
        }
    }

    /** A boot entry: its label, whether the menu boots it by default, and how it boots over HTTP. */
    public record Entry(String label, boolean isDefault, String overHttp) {}

    /** A file that is not a bootable image, and why. */
    public record Skipped(String file, String reason) {}

    public Catalog {
        images = List.copyOf(images);
        skipped = List.copyOf(skipped);
    }

    public String json() {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("format", FORMAT);
        fields.put("version", VERSION);
        fields.put("images", images);
        fields.put("skipped", skipped);
        return Json.write(fields) + "\n";
    }

    /**
     * Reads what {@link #json} writes, and what a person writes by hand: of an image only the
     * {@code url} is required (the name defaults to it). A field of the wrong kind or a later
     * version is an error naming the image.
     */
    public static Catalog parse(String json, String source) throws IOException {
        if (!(JsonReader.parse(json, source) instanceof Map<?, ?> root)) {
            throw new IOException(source + ": a catalog is a JSON object");
        }
        if (!FORMAT.equals(root.get("format")) || !(root.get("version") instanceof Number version)) {
            throw new IOException(source + ": not an " + FORMAT + " (format and version missing)");
        }
        if (version.intValue() > VERSION) {
            throw new IOException(source + ": catalog version " + version + "; this InetBoot reads up to " + VERSION);
        }
        var images = new ArrayList<Image>();
        for (var item : list(root, "images", source)) {
            var where = source + ": image " + (images.size() + 1);
            images.add(image(object(item, where), where));
        }
        var skipped = new ArrayList<Skipped>();
        for (var item : list(root, "skipped", source)) {
            var fields = object(item, source + ": skipped file " + (skipped.size() + 1));
            skipped.add(new Skipped(text(fields, "file", source), text(fields, "reason", source)));
        }
        return new Catalog(images, skipped);
    }

    private static Image image(Map<?, ?> image, String where) throws IOException {
        var entries = new ArrayList<Entry>();
        for (var entry : list(image, "entries", where)) {
            var fields = object(entry, where);
            entries.add(new Entry(
                    text(fields, "label", where),
                    fields.get("isDefault") instanceof Boolean b && b,
                    text(fields, "overHttp", where)));
        }
        var url = text(image, "url", where);
        if (url.isBlank()) {
            throw new IOException(where + ": \"url\" is empty");
        }
        var name = optional(image, "name", where);
        return new Image(
                optional(image, "file", where),
                name == null || name.isBlank() ? url : name,
                url,
                number(image, "size", where),
                number(image, "modified", where),
                optional(image, "distro", where),
                optional(image, "volume", where),
                entries,
                optional(image, "manifest", where),
                optional(image, "signature", where),
                optional(image, "profile", where));
    }

    private static List<?> list(Map<?, ?> object, String name, String where) throws IOException {
        var value = object.get(name);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new IOException(where + ": \"" + name + "\" is not a list");
        }
        return list;
    }

    private static Map<?, ?> object(Object value, String where) throws IOException {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IOException(where + ": not a JSON object");
        }
        return map;
    }

    private static String text(Map<?, ?> object, String name, String where) throws IOException {
        if (!(object.get(name) instanceof String text)) {
            throw new IOException(where + ": \"" + name + "\" is missing or not a string");
        }
        return text;
    }

    /** A string, or null when absent or null. */
    private static String optional(Map<?, ?> object, String name, String where) throws IOException {
        var value = object.get(name);
        if (value != null && !(value instanceof String)) {
            throw new IOException(where + ": \"" + name + "\" is not a string");
        }
        return (String) value;
    }

    /** A size or a time, 0 when absent (a publication then reads the image again). */
    private static long number(Map<?, ?> object, String name, String where) throws IOException {
        var value = object.get(name);
        if (value == null) {
            return 0;
        }
        if (!(value instanceof Number number) || number.longValue() < 0) {
            throw new IOException(where + ": \"" + name + "\" is not a size");
        }
        return number.longValue();
    }
}
