package org.inetboot.image;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.inetboot.http.HttpImageInfo;
import org.inetboot.http.HttpTransport;
import org.inetboot.http.Link;
import org.inetboot.metalink.Metalink;
import org.inetboot.mirrors.MirrorSource;
import org.inetboot.source.SourceException;
import org.inetboot.source.Stats;

/**
 * Opens an image through its mirrors: from a Metalink (its signature checked per the trust
 * policy, its pieces by a verifying layer per mirror), or from the mirrors and whole-image digest
 * a server names in RFC 6249 headers (no pieces, so nothing to verify the bytes against).
 */
final class Manifests {

    /** A manifest larger than this is no image's (a 4 GiB image in 64 KiB pieces takes about 6 MB). */
    static final long MAX_MANIFEST = 32L << 20;

    static final long MAX_SIGNATURE = 64L << 10;
    static final String SIGNATURE = ".minisig";

    private Manifests() {}

    static boolean isManifest(String location) {
        var path = location.replaceFirst("[?#].*$", "");
        return path.toLowerCase(Locale.ROOT).endsWith(".meta4");
    }

    /**
     * Opens the image the manifest at {@code location} describes; {@code original} is the image
     * URL whose server pointed at the manifest (one more mirror), or null.
     */
    static Image open(String location, URI original, OpenOptions options, Stats stats) throws IOException {
        var bytes = Documents.read(location, options, MAX_MANIFEST, "manifest");
        var manifest = Metalink.parse(bytes, location);
        var signature = Documents.readIfPresent(location + SIGNATURE, options, MAX_SIGNATURE, "signature")
                .map(b -> new String(b, StandardCharsets.UTF_8))
                .orElse(null);
        var trust = options.trust().check(bytes, signature, location, manifest.pieces() != null);
        var servers = new ArrayList<>(manifest.urls());
        if (servers.isEmpty() && original == null) {
            servers.add(new Metalink.Mirror(beside(location, manifest.fileName()), 1, null));
        }
        if (original != null && servers.stream().noneMatch(m -> m.uri().equals(original))) {
            servers.add(new Metalink.Mirror(original, Metalink.LEAST_PREFERRED, null));
        }
        return mirrored(location, manifest, servers, trust, options, stats);
    }

    /** The image at {@code original} and the mirrors its server names ({@code Link: rel=duplicate}). */
    static Image duplicates(URI original, HttpImageInfo info, OpenOptions options, Stats stats) throws IOException {
        var servers = new ArrayList<Metalink.Mirror>();
        servers.add(new Metalink.Mirror(original, 1, null));
        for (var link : info.duplicates()) {
            servers.add(new Metalink.Mirror(
                    link.target(), priority(link), link.param("geo").orElse(null)));
        }
        var name = original.getPath().replaceFirst(".*/", "");
        var metalink = new Metalink(name.isEmpty() ? "image" : name, info.size(), info.sha256(), null, servers);
        var trust = "unverified: the server names mirrors (RFC 6249) but no pieces to check their bytes against";
        return mirrored(null, metalink, servers, trust, options, stats);
    }

    private static Image mirrored(
            String manifest,
            Metalink metalink,
            List<Metalink.Mirror> servers,
            String trust,
            OpenOptions options,
            Stats stats)
            throws IOException {
        var name = manifest != null ? manifest : servers.getFirst().uri().toString();
        var mirrors = MirrorSource.open(metalink, name, servers, HttpTransport.shared(options.http()), stats);
        try {
            return Image.stacked(
                    mirrors,
                    chunked(options, metalink),
                    stats,
                    null,
                    new Image.Provenance(manifest, metalink, trust, mirrors));
        } catch (IOException | RuntimeException e) {
            mirrors.close();
            throw e;
        }
    }

    /** Cache chunks as large as the pieces (when a power of two that one request may carry): no piece is fetched twice. */
    private static OpenOptions chunked(OpenOptions options, Metalink metalink) {
        var pieces = metalink.pieces();
        if (pieces == null
                || Integer.bitCount(pieces.length()) != 1
                || pieces.length() <= options.chunkSize()
                || pieces.length() > options.maxRequestBytes()) {
            return options;
        }
        return options.withChunkSize(pieces.length());
    }

    private static int priority(Link link) {
        try {
            int pri = Integer.parseInt(link.param("pri").orElse(""));
            return pri >= 1 && pri <= Metalink.LEAST_PREFERRED ? pri : Metalink.LEAST_PREFERRED;
        } catch (NumberFormatException e) {
            return Metalink.LEAST_PREFERRED;
        }
    }

    /** The image named in a manifest without URLs: in the manifest's own directory. */
    private static URI beside(String location, String fileName) throws SourceException {
        var base = Image.parse(location);
        if (base == null || !base.getScheme().startsWith("http")) {
            throw new SourceException(
                    location + ": the manifest names no <url>, and only one fetched over HTTP"
                            + " can find its image beside it",
                    null);
        }
        return base.resolve(URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20"));
    }
}
