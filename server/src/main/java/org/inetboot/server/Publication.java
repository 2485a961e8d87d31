package org.inetboot.server;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.inetboot.boot.Bootability;
import org.inetboot.catalog.Catalog;
import org.inetboot.catalog.CatalogMenus;
import org.inetboot.catalog.CatalogPage;
import org.inetboot.iso.IsoEntry;
import org.inetboot.iso.IsoImage;
import org.inetboot.menu.BootMenus;
import org.inetboot.source.FileSource;
import org.inetboot.source.Stats;
import org.inetboot.tree.AtomicOutput;

/**
 * A directory of images published as static files beside them: {@code catalog.json},
 * {@code index.html}, {@code boot.ipxe}, {@code grub.cfg}, and pages of each image's files under
 * {@value CatalogPage#BROWSE}. An image is read again only when its size or time changed since
 * the catalog last listed it; nothing outside the directory is read through a link, no image is
 * written, and every file is replaced by rename, so a server never serves half a page.
 *
 * @param dir       the directory
 * @param baseUrl   where clients find it (a trailing slash is dropped); boot menus take it as it is, so
 *                  it holds only letters, digits and {@code -._~%/} after {@code http(s)://}
 * @param arguments the medium's kernel arguments for the boot menus
 */
public record Publication(Path dir, String baseUrl, String arguments) {

    public static final String CATALOG = "catalog.json";

    private static final Pattern BASE_URL = Pattern.compile("https?://[A-Za-z0-9.:\\[\\]-]+(/[A-Za-z0-9._~%/-]*)?");

    public Publication {
        if (!BASE_URL.matcher(baseUrl).matches()) {
            throw new IllegalArgumentException("base URL " + baseUrl
                    + ": not http(s)://HOST[/PATH] in letters, digits and -._~%/ (boot menus take it as it is)");
        }
        baseUrl = baseUrl.replaceAll("/+$", "");
    }

    /** What the publication writes at the top of the directory, and its own directory. */
    static final Set<String> OURS = Set.of(CATALOG, "index.html", "boot.ipxe", "grub.cfg", "inetboot");

    /** Files that belong to an image, not images: its manifest, signature and profile. */
    private static final Pattern COMPANION = Pattern.compile(".*\\.(meta4|minisig|profile|trace)$");

    /** Files in an image whose text the pages show. */
    private static final Pattern TEXT = Pattern.compile(
            "(?i).*(\\.(cfg|conf|txt|lst|ipxe|sh|md|json|xml|ini|list|manifest)|/readme[^/]*|/license[^/]*)$");

    static final int MAX_FILES = 10_000;
    private static final int MAX_LISTED = 5_000;
    private static final int MAX_TEXT_BYTES = 256 << 10;
    private static final int MAX_TEXTS = 200;

    /** The medium's files, relative to the directory: {@code publish --medium} puts them there. */
    public static final String MEDIUM = "inetboot/medium";

    /** Reads what changed and writes the catalog; {@code log} gets a line an image read or skipped. */
    public Catalog publish(PrintWriter log) throws IOException {
        var root = dir.toRealPath();
        var previous = previous();
        var images = new ArrayList<Catalog.Image>();
        var skipped = new ArrayList<Catalog.Skipped>();
        for (var file : files(root)) {
            var name = root.relativize(file).toString();
            try {
                var image = image(root, file, name, previous.get(name), log);
                images.add(image);
            } catch (IOException | RuntimeException e) {
                var reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                // the directory's own path is the server's business, not the catalog's
                skipped.add(new Catalog.Skipped(name, reason.replace(root + File.separator, "")));
                log.println("skipped " + name + ": " + reason);
            }
        }
        var catalog = new Catalog(images, skipped);
        write(root, catalog);
        return catalog;
    }

    /** The images of the last catalog, by file, for what has not changed since. */
    private Map<String, Catalog.Image> previous() {
        var images = new HashMap<String, Catalog.Image>();
        try {
            Catalog.parse(Files.readString(dir.resolve(CATALOG)), CATALOG)
                    .images()
                    .forEach(i -> images.put(i.file(), i));
        } catch (IOException | RuntimeException unreadable) {
            // none, or not ours: everything is read
        }
        return images;
    }

    /**
     * The candidate files, in name order: regular files under the directory (links that stay
     * inside it too), neither hidden nor the publication's own nor an image's companion. A link
     * leading out of the directory is listed, to be skipped with its reason.
     */
    private static List<Path> files(Path root) throws IOException {
        var files = new ArrayList<Path>();
        collect(root, root, files, 0);
        return files;
    }

    private static void collect(Path root, Path dir, List<Path> files, int depth) throws IOException {
        List<Path> children;
        try (var list = Files.list(dir)) {
            children = list.sorted().toList();
        }
        for (var child : children) {
            var name = child.getFileName().toString();
            if (name.startsWith(".")
                    || dir.equals(root) && OURS.contains(name)
                    || COMPANION.matcher(name).matches()) {
                continue;
            }
            if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS) && depth < 8) {
                collect(root, child, files, depth + 1);
            } else if (files.size() < MAX_FILES && !Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                files.add(child);
            }
        }
    }

    private Catalog.Image image(Path root, Path file, String name, Catalog.Image previous, PrintWriter log)
            throws IOException {
        var real = realFile(root, file);
        long size = Files.size(real);
        long modified = Files.getLastModifiedTime(real).toMillis();
        if (size == 0) {
            throw new IOException("an empty file");
        }
        var companions = companions(file);
        var url = baseUrl + "/" + encode(name);
        if (previous != null
                && previous.size() == size
                && previous.modified() == modified
                && previous.url().equals(url)
                && Files.isRegularFile(pages(root, name).resolve("index.html"), LinkOption.NOFOLLOW_LINKS)) {
            return withCompanions(previous, companions);
        }
        try (var source = FileSource.open(real, new Stats())) {
            var iso = IsoImage.open(source);
            var menus = BootMenus.read(iso);
            if (menus.entries().isEmpty()) {
                throw new IOException("no boot entry of it boots a Linux kernel");
            }
            var how = Bootability.describe(iso, menus);
            var entries = new ArrayList<Catalog.Entry>();
            for (int i = 0; i < how.size(); i++) {
                var entry = menus.entries().get(i);
                entries.add(new Catalog.Entry(entry.label(), entry.isDefault(), how.get(i)));
            }
            var image = new Catalog.Image(
                    name,
                    file.getFileName().toString(),
                    url,
                    size,
                    modified,
                    menus.distro().id(),
                    iso.volumeId(),
                    entries,
                    companions[0],
                    companions[1],
                    companions[2]);
            browse(root, image, iso);
            log.println("read " + name + ": " + image.distro() + ", " + entries.size() + " entries");
            return image;
        }
    }

    /** The file itself, or what its link leads to, which must be a regular file inside the directory. */
    private static Path realFile(Path root, Path file) throws IOException {
        Path real;
        try {
            real = file.toRealPath();
        } catch (NoSuchFileException e) {
            throw new IOException("a link that leads nowhere");
        }
        if (!real.startsWith(root)) {
            throw new IOException("a link that leads out of the directory");
        }
        if (!Files.isRegularFile(real)) {
            throw new IOException("not a regular file");
        }
        return real;
    }

    /** The image's manifest, signature and profile beside it, by file name, or nulls. */
    private static String[] companions(Path file) {
        var name = file.getFileName().toString();
        var found = new String[3];
        var suffixes = List.of(".meta4", ".meta4.minisig", ".profile");
        for (int i = 0; i < 3; i++) {
            var companion = file.resolveSibling(name + suffixes.get(i));
            if (Files.isRegularFile(companion, LinkOption.NOFOLLOW_LINKS)) {
                found[i] = companion.getFileName().toString();
            }
        }
        return found;
    }

    private static Catalog.Image withCompanions(Catalog.Image image, String[] companions) {
        return new Catalog.Image(
                image.file(),
                image.name(),
                image.url(),
                image.size(),
                image.modified(),
                image.distro(),
                image.volume(),
                image.entries(),
                companions[0],
                companions[1],
                companions[2]);
    }

    /** The pages of the image's files: a listing, and the text of its small text files. */
    private static void browse(Path root, Catalog.Image image, IsoImage iso) throws IOException {
        var pages = ownDirectory(root, pages(root, image.file()));
        var listed = new ArrayList<CatalogPage.Listed>();
        var texts = new HashMap<String, String>();
        boolean[] cut = {false};
        iso.walk(iso.root(), entry -> {
            if (entry.path().equals("/")) {
                return;
            }
            if (listed.size() >= MAX_LISTED) {
                cut[0] = true;
                return;
            }
            String page = null;
            if (entry.type() == IsoEntry.Type.FILE
                    && entry.size() <= MAX_TEXT_BYTES
                    && texts.size() < MAX_TEXTS
                    && TEXT.matcher(entry.path()).matches()) {
                page = "text-" + texts.size() + ".html";
                var text = new String(iso.open(entry).readBytes(0, (int) entry.size()), StandardCharsets.UTF_8);
                texts.put(page, CatalogPage.text(image, entry.path(), text));
            }
            listed.add(new CatalogPage.Listed(entry.path(), entry.isDirectory(), entry.size(), page));
        });
        for (var text : texts.entrySet()) {
            writeText(pages.resolve(text.getKey()), text.getValue());
        }
        writeText(pages.resolve("index.html"), CatalogPage.files(image, listed, cut[0]));
    }

    /** The directory for the medium's files, made as needed: the publication's own, not a link. */
    public Path mediumDirectory() throws IOException {
        var root = dir.toRealPath();
        return ownDirectory(root, root.resolve(MEDIUM));
    }

    private static Path pages(Path root, String file) {
        return root.resolve(CatalogPage.BROWSE).resolve(CatalogPage.id(file));
    }

    /**
     * {@code dir} made as needed, each directory from the root down to it a directory and not a
     * link: a link planted there would send the pages elsewhere.
     */
    private static Path ownDirectory(Path root, Path dir) throws IOException {
        var at = root;
        for (var name : root.relativize(dir)) {
            at = at.resolve(name);
            if (Files.isSymbolicLink(at)
                    || Files.exists(at, LinkOption.NOFOLLOW_LINKS)
                            && !Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(
                        root.relativize(at) + " is not a directory of the publication's own (a link or a file)");
            }
            if (!Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(at);
            }
        }
        return dir;
    }

    private void write(Path root, Catalog catalog) throws IOException {
        var medium = baseUrl + "/" + MEDIUM;
        writeText(root.resolve("boot.ipxe"), CatalogMenus.ipxe(catalog, medium, arguments));
        writeText(root.resolve("grub.cfg"), CatalogMenus.grub(catalog, "/boot/vmlinuz", "/boot/initrd.img", arguments));
        var ipxe = "kernel " + medium + "/vmlinuz initrd=initrd.img " + arguments + " inetboot.url="
                + CatalogPage.IMAGE_URL + " && initrd " + medium + "/initrd.img && boot";
        var grub = "menuentry 'InetBoot' {\n    linux /boot/vmlinuz " + arguments + " inetboot.url="
                + CatalogPage.IMAGE_URL + "\n" + "    initrd /boot/initrd.img\n}";
        writeText(
                root.resolve("index.html"),
                CatalogPage.catalog(catalog, "InetBoot catalog", mediumPublished(root) ? MEDIUM : null, ipxe, grub));
        removeStalePages(root, catalog);
        // last: whoever sees the new catalog finds the menus and pages that go with it
        writeText(root.resolve(CATALOG), catalog.json());
    }

    /** Whether the medium's files are there, as {@code publish --medium} writes them. */
    private static boolean mediumPublished(Path root) {
        var medium = root.resolve(MEDIUM);
        return Files.isDirectory(medium.getParent(), LinkOption.NOFOLLOW_LINKS)
                && Files.isDirectory(medium, LinkOption.NOFOLLOW_LINKS)
                && Stream.of("inetboot.iso", "vmlinuz", "initrd.img")
                        .allMatch(file -> Files.isRegularFile(medium.resolve(file), LinkOption.NOFOLLOW_LINKS));
    }

    /** Pages of images no longer listed. */
    private static void removeStalePages(Path root, Catalog catalog) throws IOException {
        var browse = ownDirectory(root, root.resolve(CatalogPage.BROWSE));
        var kept = catalog.images().stream().map(i -> CatalogPage.id(i.file())).toList();
        try (var dirs = Files.list(browse)) {
            for (var stale :
                    dirs.filter(d -> !kept.contains(d.getFileName().toString())).toList()) {
                if (Files.isDirectory(stale, LinkOption.NOFOLLOW_LINKS)) {
                    try (var pages = Files.list(stale)) {
                        for (var page : pages.toList()) {
                            Files.delete(page); // a link is removed, never followed
                        }
                    }
                }
                Files.delete(stale);
            }
        }
    }

    private static void writeText(Path file, String text) throws IOException {
        AtomicOutput.writePublic(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A path's segments percent-encoded but for RFC 3986's unreserved characters. */
    static String encode(String path) {
        var out = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~/".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return out.toString();
    }
}
