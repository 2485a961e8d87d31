package org.inetboot.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.inetboot.image.Image;
import org.inetboot.iso.IsoImage;
import org.inetboot.iso.PartitionTable;
import org.inetboot.json.Json;
import org.inetboot.metalink.Metalink;
import org.inetboot.metalink.Pieces;

/** What {@code info} says about an image, as the fields of its JSON object. */
final class ImageDescription {

    private ImageDescription() {}

    static Map<String, Object> of(String location, Image image) throws IOException {
        var fields = new LinkedHashMap<String, Object>();
        var http = image.httpInfo();
        var provenance = image.provenance();
        if (provenance.isPresent()) {
            fields.put("url", location);
            fields.put("finalUrl", null);
            fields.put("size", image.source().size());
            fields.put("etag", null);
            fields.put("lastModified", null);
            fields.put("rangeSupport", true);
            fields.put("httpVersion", null);
        } else if (http.isPresent()) {
            var info = http.get();
            fields.put("url", info.url().toString());
            fields.put("finalUrl", info.finalUrl().toString());
            fields.put("size", info.size());
            fields.put("etag", info.etag());
            fields.put("lastModified", info.lastModified());
            fields.put("rangeSupport", info.rangeSupport());
            fields.put("httpVersion", info.httpVersion());
        } else {
            var path = Path.of(image.source().name());
            var url = path.toAbsolutePath().toUri().toString();
            fields.put("url", location.startsWith("file:") ? location : url);
            fields.put("finalUrl", url);
            fields.put("size", image.source().size());
            fields.put("etag", null);
            fields.put(
                    "lastModified",
                    DateTimeFormatter.RFC_1123_DATE_TIME
                            .withZone(ZoneOffset.UTC)
                            .format(Files.getLastModifiedTime(path).toInstant()));
            fields.put("rangeSupport", true);
            fields.put("httpVersion", null);
        }
        fields.putAll(trustFields(image));
        fields.putAll(isoFields(image));
        return fields;
    }

    /** The manifest, the whole image's SHA-256, the piece size, the trust state and the mirrors. */
    private static Map<String, Object> trustFields(Image image) {
        var fields = new LinkedHashMap<String, Object>();
        var provenance = image.provenance();
        var metalink = provenance.map(Image.Provenance::metalink);
        fields.put("manifest", provenance.map(Image.Provenance::manifest).orElse(null));
        fields.put("sha256", metalink.map(Metalink::sha256).orElse(null));
        fields.put(
                "pieceSize", metalink.map(Metalink::pieces).map(Pieces::length).orElse(null));
        fields.put("trust", provenance.map(Image.Provenance::trust).orElse("unverified: one server, no manifest"));
        fields.put("mirrors", provenance.map(p -> p.mirrors().report()).orElse(List.of()));
        return fields;
    }

    /** volumeId and bootCatalog for an ISO 9660 image (null and empty otherwise), and partitions for any image. */
    private static Map<String, Object> isoFields(Image image) throws IOException {
        var source = image.source();
        var fields = new LinkedHashMap<String, Object>();
        var iso = IsoImage.isIso(source) ? IsoImage.open(source) : null;
        fields.put("volumeId", iso == null ? null : iso.volumeId());
        fields.put("bootCatalog", iso == null ? List.of() : iso.bootCatalog());
        fields.put("partitions", PartitionTable.read(source));
        return fields;
    }

    /** Prints the fields as aligned "name  value" lines; a list of records as a table below its name. */
    static void print(Map<String, Object> fields, PrintWriter out) {
        int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
        fields.forEach((name, value) -> {
            if (value instanceof List<?> list) {
                out.printf("%-" + width + "s  %s%n", name, list.isEmpty() ? "-" : list.size());
                table(list, out);
            } else {
                out.printf("%-" + width + "s  %s%n", name, value == null ? "-" : value);
            }
        });
    }

    /** Rows of records under a header of their components' names, columns aligned, indented. */
    private static void table(List<?> rows, PrintWriter out) {
        var cells = new ArrayList<List<String>>();
        for (var row : rows) {
            var values = Json.components((Record) row);
            if (cells.isEmpty()) {
                cells.add(List.copyOf(values.keySet()));
            }
            cells.add(values.values().stream()
                    .map(v -> v == null ? "-" : String.valueOf(v))
                    .toList());
        }
        var widths = new int[cells.isEmpty() ? 0 : cells.getFirst().size()];
        cells.forEach(line -> {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        });
        for (var line : cells) {
            var text = new StringBuilder("   ");
            for (int i = 0; i < widths.length; i++) {
                text.append(' ').append(String.format("%-" + widths[i] + "s", line.get(i)));
            }
            out.println(text.toString().stripTrailing());
        }
    }
}
