package org.inetboot.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The catalog and each image's files as HTML pages: plain HTML and CSS, no script and nothing
 * fetched from elsewhere, every name and text escaped. Links between the pages are relative, so
 * the directory can be served under any path; the images' URLs are the catalog's.
 */
public final class CatalogPage {

    /** What stands for an image's URL in the boot lines the page shows. */
    public static final String IMAGE_URL = "{url}";

    /** Where the pages of an image's files go, under the published directory. */
    public static final String BROWSE = "inetboot/browse";

    /** A file in an image, as its page lists it; {@code text} is the page that shows it, or null. */
    public record Listed(String path, boolean directory, long size, String text) {}

    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#1d1d1f}
            h1{font-size:1.6rem}h2{font-size:1.2rem;margin:0 0 .4rem}
            article{border:1px solid #d0d0d7;border-radius:.5rem;padding:1rem;margin:1rem 0}
            .facts span{margin-right:.8rem}.badge{border-radius:1rem;padding:.1rem .6rem;font-size:.85rem}
            .verified{background:#dff3e4}.signed{background:#dde8fb}.profiled{background:#f6ecd5}
            code,pre{background:#f4f4f6;padding:.2rem .4rem;border-radius:.3rem;user-select:all;overflow-wrap:anywhere}
            pre{white-space:pre-wrap}table{border-collapse:collapse}td,th{padding:.2rem .6rem;text-align:left}
            td.size{text-align:right;font-variant-numeric:tabular-nums}
            """;

    private CatalogPage() {}

    /**
     * The catalog's page ({@code index.html}).
     *
     * @param medium    the medium's directory (relative to the page), whose files the page links;
     *                  null when none is published there (the page says how to build one)
     * @param ipxeLine  how iPXE boots an image, {@value #IMAGE_URL} standing for the image's URL
     * @param grubEntry how GRUB boots it, the same way
     */
    public static String catalog(Catalog catalog, String title, String medium, String ipxeLine, String grubEntry) {
        var page = head(title);
        page.append("<header><h1>")
                .append(escape(title))
                .append("</h1>\n<p>")
                .append(catalog.images().size())
                .append(catalog.images().size() == 1 ? " image" : " images")
                .append(", each booted by InetBoot over HTTP as it is read: from the medium (")
                .append(
                        medium == null
                                ? "not published here yet: <code>inetboot publish DIR --medium</code> puts it in"
                                        + " inetboot/medium, which boot.ipxe needs too"
                                : "<a href=\"" + medium + "/inetboot.iso\">ISO for a CD or USB stick</a>, <a href=\""
                                        + medium + "/vmlinuz\">kernel</a> and <a href=\"" + medium
                                        + "/initrd.img\">initrd</a> for PXE or UEFI HTTP boot")
                .append("), from iPXE by <a href=\"boot.ipxe\">boot.ipxe</a>, or from GRUB by <a href=\"grub.cfg\">"
                        + "grub.cfg</a>. The list is also <a href=\"catalog.json\">catalog.json</a>.</p></header>\n"
                        + "<main>\n");
        for (var image : catalog.images()) {
            image(page, image, ipxeLine, grubEntry);
        }
        if (!catalog.skipped().isEmpty()) {
            page.append("<section class=\"skipped\"><h2>Not listed</h2>\n<table>\n");
            for (var skipped : catalog.skipped()) {
                page.append("<tr><td>")
                        .append(escape(skipped.file()))
                        .append("</td><td>")
                        .append(escape(skipped.reason()))
                        .append("</td></tr>\n");
            }
            page.append("</table></section>\n");
        }
        return page.append("</main></body></html>\n").toString();
    }

    private static void image(StringBuilder page, Catalog.Image image, String ipxeLine, String grubEntry) {
        var url = image.url();
        page.append("<article class=\"image\">\n<h2><a href=\"")
                .append(escape(url))
                .append("\">")
                .append(escape(image.name()))
                .append("</a></h2>\n<p class=\"facts\"><span class=\"distro\">")
                .append(escape(image.distro()))
                .append("</span><span class=\"size\">")
                .append(size(image.size()))
                .append("</span><span class=\"entries\">")
                .append(image.entries().size())
                .append(image.entries().size() == 1 ? " entry" : " entries")
                .append("</span>");
        if (image.manifest() != null) {
            page.append("<span class=\"badge verified\">verified</span>");
        }
        if (image.signature() != null) {
            page.append("<span class=\"badge signed\">signed</span>");
        }
        if (image.profile() != null) {
            page.append("<span class=\"badge profiled\">profiled</span>");
        }
        page.append("</p>\n<ol class=\"entry-list\">\n");
        for (var entry : image.entries()) {
            page.append("<li>")
                    .append(escape(entry.label()))
                    .append(entry.isDefault() ? " (default)" : "")
                    .append(": ")
                    .append(escape(entry.overHttp()))
                    .append("</li>\n");
        }
        page.append("</ol>\n<details><summary>How to boot it</summary><dl>\n")
                .append("<dt>The medium's kernel argument</dt><dd><code>inetboot.url=")
                .append(escape(url))
                .append("</code></dd>\n<dt>iPXE</dt><dd><code>")
                .append(escape(ipxeLine.replace(IMAGE_URL, url)))
                .append("</code></dd>\n<dt>GRUB</dt><dd><pre>")
                .append(escape(grubEntry.replace(IMAGE_URL, url)))
                .append("</pre></dd></dl></details>\n<p><a class=\"browse\" href=\"")
                .append(BROWSE)
                .append('/')
                .append(id(image.file()))
                .append("/index.html\">Browse its files</a></p>\n</article>\n");
    }

    /** The page that lists an image's files ({@code BROWSE/ID/index.html}). */
    public static String files(Catalog.Image image, List<Listed> files, boolean cut) {
        var page = head(image.name());
        page.append("<header><h1>")
                .append(escape(image.name()))
                .append("</h1><p><a href=\"../../../index.html\">" + "The catalog</a></p></header>\n<main><table>\n");
        for (var file : files) {
            var name = escape(file.path()) + (file.directory() ? "/" : "");
            page.append("<tr><td>")
                    .append(file.text() == null ? name : "<a href=\"" + file.text() + "\">" + name + "</a>")
                    .append("</td><td class=\"size\">")
                    .append(file.directory() ? "" : size(file.size()))
                    .append("</td></tr>\n");
        }
        page.append("</table>\n");
        if (cut) {
            page.append("<p>The list stops here: the image has more files than a page shows.</p>\n");
        }
        return page.append("</main></body></html>\n").toString();
    }

    /** The page that shows a text file of an image. */
    public static String text(Catalog.Image image, String path, String text) {
        var page = head(image.name() + ": " + path);
        return page.append("<header><h1>")
                .append(escape(path))
                .append("</h1><p><a href=\"index.html\">")
                .append(escape(image.name()))
                .append("</a></p></header>\n<main><pre>")
                .append(escape(text))
                .append("</pre></main></body></html>\n")
                .toString();
    }

    /** A stable name for an image's pages: not its file name, which may hold anything. */
    public static String id(String file) {
        try {
            var hash = MessageDigest.getInstance("SHA-256").digest(file.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static StringBuilder head(String title) {
        return new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                        + "<link rel=\"icon\" href=\"data:,\"><title>")
                .append(escape(title))
                .append("</title><style>")
                .append(STYLE)
                .append("</style></head><body>\n");
    }

    static String escape(String text) {
        var out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c < 0x20 && c != '\n' && c != '\t' ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        var units = "KMGTPE";
        int unit = Math.min(units.length(), (63 - Long.numberOfLeadingZeros(bytes)) / 10);
        return String.format(Locale.ROOT, "%.1f %siB", bytes / Math.pow(1024, unit), units.charAt(unit - 1));
    }
}
