package org.inetboot.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.inetboot.image.Image;
import org.inetboot.iso.IsoImage;
import org.inetboot.iso.PartitionTable;

/** What {@code info} says about an image, as the fields of its JSON object. */
final class ImageDescription {

    private ImageDescription() {}

    static Map<String, Object> of(String location, Image image) throws IOException {
        var fields = new LinkedHashMap<String, Object>();
        var http = image.httpInfo();
        if (http.isPresent()) {
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
            fields.put("lastModified", DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC)
                    .format(Files.getLastModifiedTime(path).toInstant()));
            fields.put("rangeSupport", true);
            fields.put("httpVersion", null);
        }
        fields.putAll(isoFields(image));
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

    /** Prints the fields as aligned "name  value" lines; lists of objects one per line below their name. */
    static void print(Map<String, Object> fields, PrintWriter out) {
        int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
        fields.forEach((name, value) -> {
            if (value instanceof List<?> list) {
                out.printf("%-" + width + "s  %s%n", name, list.isEmpty() ? "-" : list.size());
                list.forEach(item -> out.printf("%-" + width + "s    %s%n", "", item));
            } else {
                out.printf("%-" + width + "s  %s%n", name, value == null ? "-" : value);
            }
        });
    }
}
