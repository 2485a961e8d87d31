package org.inetboot.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.inetboot.host.DebianPackages;
import org.inetboot.media.Medium;
import org.inetboot.metalink.ImageHasher;
import org.inetboot.metalink.Metalink;
import org.inetboot.metalink.Pieces;
import org.inetboot.metalink.Sums;
import org.inetboot.server.Publication;
import org.inetboot.tree.AtomicOutput;
import org.inetboot.trust.Minisign;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "publish",
        description = {
            "Write a Metalink 4 manifest (NAME.meta4) for each image: its size, SHA-256, the SHA-256 of"
                    + " each piece and its mirrors; with --sign, a minisign signature beside it (NAME.meta4.minisig).",
            "With a DIR and --base-url: write the catalog of the images in it beside them (catalog.json,"
                    + " index.html, boot.ipxe, grub.cfg, inetboot/browse/), reading only the images that changed."
        })
final class PublishCommand implements Callable<Integer> {

    /** Measured in docs/benchmarks.md: what a boot's random reads cost against the manifest's size. */
    static final String DEFAULT_PIECE = "64K";

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "IMAGE|DIR", arity = "1..*", description = "Local image files, or one directory.")
    List<Path> images;

    @Option(
            names = "--base-url",
            paramLabel = "URL",
            description = "With a DIR: the URL that serves it, which the catalog's links and boot menus use.")
    String baseUrl;

    @Option(
            names = "--medium",
            description = "With a DIR: also build the boot medium for the catalog into DIR/inetboot/medium"
                    + " (ISO and kernel pair with inetboot.menu=BASE/catalog.json; as root).")
    boolean medium;

    @Option(
            names = "--mirror",
            paramLabel = "[CC=]BASE_URL",
            description = "A base URL that serves the images (BASE_URL/NAME), most preferred first; CC= gives its"
                    + " country (ISO 3166). Repeatable. Without one, clients look for the image beside the manifest.")
    List<String> mirrors = new ArrayList<>();

    @Option(
            names = "--piece-size",
            paramLabel = "BYTES",
            converter = ByteSize.class,
            defaultValue = DEFAULT_PIECE,
            description = "Hash the image in pieces of this size (default: ${DEFAULT-VALUE}).")
    long pieceSize;

    @Option(
            names = "--sign",
            paramLabel = "KEY",
            description = "Sign each manifest with this secret key (inetboot key generate, or minisign -G -W).")
    Path key;

    @Option(
            names = "--verify-sums",
            paramLabel = "SHA256SUMS",
            description = "Refuse to publish an image whose SHA-256 is not the one this sums file gives.")
    Path sums;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "DIR",
            description = "Where to write the manifests (default: beside each image).")
    Path output;

    @Override
    public Integer call() throws Exception {
        if (images.size() == 1 && Files.isDirectory(images.getFirst())) {
            return catalog(images.getFirst());
        }
        if (baseUrl != null || medium) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--base-url and --medium go with a DIR");
        }
        if (pieceSize < Pieces.MIN_LENGTH || pieceSize > Pieces.MAX_LENGTH) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--piece-size must be from 1K to 64M");
        }
        var secret = key == null ? null : Minisign.SecretKey.read(Main.readKey(key), key.toString());
        var sumsText = sums == null ? null : Files.readString(sums);
        var out = spec.commandLine().getOut();
        for (var image : images) {
            var name = image.getFileName().toString();
            var manifest = ImageHasher.describe(image, name, (int) pieceSize, urls(name));
            if (sumsText != null) {
                checkSum(image, name, manifest.sha256(), sumsText);
            }
            var dir = output != null ? output : image.toAbsolutePath().getParent();
            var target = Files.createDirectories(dir).resolve(name + ".meta4");
            var xml = manifest.toXml().getBytes(StandardCharsets.UTF_8);
            AtomicOutput.writePublic(target, xml);
            var signed = "";
            if (secret != null) {
                AtomicOutput.writePublic(
                        target.resolveSibling(name + ".meta4.minisig"),
                        secret.sign(
                                        xml,
                                        name + ".meta4 (" + manifest.size() + " bytes, sha-256 " + manifest.sha256()
                                                + ")")
                                .getBytes(StandardCharsets.UTF_8));
                signed = ", signed by key " + secret.toPublic().idHex();
            }
            out.println("wrote " + target + " (" + manifest.pieces().count() + " pieces of " + pieceSize + " bytes, "
                    + manifest.urls().size() + " mirrors" + signed + ")");
        }
        return 0;
    }

    /** The catalog of {@code dir}: see {@link Publication}. */
    private int catalog(Path dir) throws Exception {
        if (baseUrl == null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "a DIR needs --base-url http(s)://HOST[/PATH]");
        }
        if (!mirrors.isEmpty() || key != null || sums != null || output != null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--mirror, --sign, --verify-sums and -o go with image files, not a DIR");
        }
        var out = spec.commandLine().getOut();
        var publication = ServeCommand.publication(spec, dir, baseUrl);
        var base = publication.baseUrl();
        if (medium) { // first, for the page to link it
            buildMedium(publication.mediumDirectory(), base + "/" + Publication.CATALOG, out);
        }
        var catalog = publication.publish(out);
        out.printf(
                "wrote the catalog of %s: %d images, %d files skipped; its page is %s/index.html%n",
                dir, catalog.images().size(), catalog.skipped().size(), base);
        return 0;
    }

    /** The medium for the catalog, unless the one there was built by this inetboot for it. */
    private static void buildMedium(Path into, String catalogUrl, java.io.PrintWriter out) throws Exception {
        var jar = Main.ownJar();
        var made = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar))) + " "
                + catalogUrl + "\n";
        var stamp = into.resolve("built-for");
        if (Files.isRegularFile(stamp) && Files.readString(stamp).equals(made)) {
            out.println("the medium in " + into + " is this inetboot's, for " + catalogUrl);
            return;
        }
        var settings = new Medium.Settings(List.of(), Optional.of(catalogUrl), List.of(), List.of());
        Medium.build(DebianPackages.inUserCache(), jar, settings, into);
        AtomicOutput.writePublic(stamp, made.getBytes(StandardCharsets.UTF_8));
        out.println("built the medium for " + catalogUrl + " in " + into);
    }

    private void checkSum(Path image, String name, String sha256, String sumsText) throws IOException {
        var expected = Sums.find(sumsText, name)
                .orElseThrow(() -> new IOException(sums + ": no SHA-256 for " + name + "; not published"));
        if (!expected.equals(sha256)) {
            throw new IOException(
                    image + ": SHA-256 " + sha256 + " is not " + expected + " as " + sums + " says; not published");
        }
    }

    private List<Metalink.Mirror> urls(String name) {
        var urls = new ArrayList<Metalink.Mirror>();
        for (var mirror : mirrors) {
            var location = mirror.matches("(?i)[a-z]{2}=.*")
                    ? mirror.substring(0, 2).toLowerCase(java.util.Locale.ROOT)
                    : null;
            var base = location == null ? mirror : mirror.substring(3);
            if (!base.matches("(?i)https?://.+")) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--mirror needs an http(s) URL: " + mirror);
            }
            try {
                var uri = new URI(base.endsWith("/") ? base : base + "/")
                        .resolve(URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
                urls.add(new Metalink.Mirror(uri, urls.size() + 1, location));
            } catch (URISyntaxException e) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--mirror " + mirror + ": " + e.getReason());
            }
        }
        return urls;
    }
}
