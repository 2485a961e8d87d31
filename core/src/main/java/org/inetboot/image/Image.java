package org.inetboot.image;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;
import org.inetboot.http.HttpImageInfo;
import org.inetboot.http.HttpSource;
import org.inetboot.http.HttpTransport;
import org.inetboot.http.WholeDownloadSource;
import org.inetboot.metalink.Metalink;
import org.inetboot.mirrors.MirrorSource;
import org.inetboot.profile.ProfileReplay;
import org.inetboot.source.BlockCache;
import org.inetboot.source.ChunkStore;
import org.inetboot.source.DiskChunkStore;
import org.inetboot.source.FileSource;
import org.inetboot.source.MemoryChunkStore;
import org.inetboot.source.ReadAheadSource;
import org.inetboot.source.RetryingSource;
import org.inetboot.source.Source;
import org.inetboot.source.SourceException;
import org.inetboot.source.Stats;
import org.inetboot.source.TieredChunkStore;

/**
 * An opened image: the stack of sources that reads it, and what the server said about it.
 *
 * <p>A remote image is read through HTTP → retry → cache (memory, optionally over disk) →
 * read-ahead; through mirrors, HTTP → verify is one mirror and the mirrors sit under retry; a local
 * file is read directly, since the kernel's page cache already does the rest.
 */
public final class Image implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Image.class.getName());
    /** Fetches of a profile's replay in flight at once: the transport's other connections stay free for demand reads. */
    private static final int REPLAY_PARALLEL = 2;
    /** How far a replay runs ahead of the reads, at most: a share of the memory cache, where what it fetched waits. */
    private static final long REPLAY_AHEAD = 32L << 20;

    private final Source source;
    private final Stats stats;
    private final HttpImageInfo httpInfo;
    private final ProfileReplay replay;
    private final Provenance provenance;

    private Image(Source source, Stats stats, HttpImageInfo httpInfo, ProfileReplay replay, Provenance provenance) {
        this.source = source;
        this.stats = stats;
        this.httpInfo = httpInfo;
        this.replay = replay;
        this.provenance = provenance;
    }

    /**
     * Where an image's bytes come from when several servers send them, and why they are believed.
     *
     * @param manifest the Metalink's location, or null for mirrors named by RFC 6249 headers
     * @param metalink what the manifest (or the headers) say of the image
     * @param trust    the signature's state, one line
     */
    public record Provenance(String manifest, Metalink metalink, String trust, MirrorSource mirrors) {}

    /**
     * Opens {@code location}: an {@code http://}, {@code https://} or {@code file://} URL, or a
     * local path. A Metalink ({@code .meta4}), or an image whose server names one or names mirrors
     * (RFC 6249), is read through its mirrors.
     */
    public static Image open(String location, OpenOptions options, Stats stats) throws IOException {
        if (Manifests.isManifest(location)) {
            return Manifests.open(location, null, options, stats);
        }
        var uri = parse(location);
        if (uri == null || "file".equals(uri.getScheme())) {
            refuseUnsigned(location, options);
            return openPlain(location, options, stats);
        }
        var transport = HttpTransport.shared(options.http());
        var http = HttpSource.open(uri, transport, options.retry(), options.allowWholeDownload(), stats);
        var info = http.info();
        if (info.describedBy().isPresent()) {
            http.close();
            return Manifests.open(info.describedBy().get().toString(), uri, options, stats);
        }
        if (!info.duplicates().isEmpty() && info.rangeSupport()) {
            http.close();
            refuseUnsigned(location, options);
            return Manifests.duplicates(uri, info, options, stats);
        }
        try {
            refuseUnsigned(location, options);
        } catch (SourceException e) {
            http.close();
            throw e;
        }
        return openHttp(http, transport, options, stats);
    }

    private static void refuseUnsigned(String location, OpenOptions options) throws SourceException {
        if (options.trust().requireSigned()) {
            throw new SourceException(
                    location + ": not a signed Metalink, and a signature by a trusted key is required", null);
        }
    }

    /** Opens {@code location} as the image itself, whatever it holds (a manifest's own bytes, a profile). */
    static Image openPlain(String location, OpenOptions options, Stats stats) throws IOException {
        var uri = parse(location);
        if (uri == null || "file".equals(uri.getScheme())) {
            var path = uri == null ? Path.of(location) : Path.of(uri);
            return new Image(FileSource.open(path, stats), stats, null, null, null);
        }
        var transport = HttpTransport.shared(options.http());
        return openHttp(
                HttpSource.open(uri, transport, options.retry(), options.allowWholeDownload(), stats),
                transport,
                options,
                stats);
    }

    private static Image openHttp(HttpSource http, HttpTransport transport, OpenOptions options, Stats stats)
            throws IOException {
        try {
            Source bottom = http;
            if (!http.info().rangeSupport()) {
                bottom = wholeDownload(http, transport, options, stats);
            }
            return stacked(bottom, options, stats, http.info(), null);
        } catch (IOException | RuntimeException e) {
            http.close();
            throw e;
        }
    }

    private static Source wholeDownload(HttpSource http, HttpTransport transport, OpenOptions options, Stats stats)
            throws IOException {
        if (!options.allowWholeDownload()) {
            throw new SourceException(
                    http.name(),
                    0,
                    "the server does not support range requests;"
                            + " --allow-whole-download would download the whole image instead");
        }
        return WholeDownloadSource.start(
                http, transport, options.retry(), Path.of(System.getProperty("java.io.tmpdir")), stats);
    }

    /** Retries, the chunk cache, the profile's replay and read-ahead, on {@code bottom}. */
    static Image stacked(Source bottom, OpenOptions options, Stats stats, HttpImageInfo info, Provenance provenance)
            throws IOException {
        var retrying = new RetryingSource(bottom, options.readRetry(), stats);
        var cache = new BlockCache(
                retrying, store(bottom, options), options.chunkSize(), options.maxRequestChunks(), stats);
        var replay = replay(cache, options);
        var top = new ReadAheadSource(
                replay != null ? replay : cache, options.readAheadInitial(), options.readAheadMax());
        return new Image(top, stats, info, replay, provenance);
    }

    /** The profile's replay over the cache; none without a profile, or with one of another image (said once). */
    private static ProfileReplay replay(Source cache, OpenOptions options) {
        var profile = options.profile();
        if (profile == null) {
            return null;
        }
        var mismatch = profile.mismatch(cache.size(), cache.version().orElse(null));
        if (mismatch.isPresent()) {
            LOG.log(System.Logger.Level.WARNING, cache.name() + ": boot profile ignored: " + mismatch.get());
            return null;
        }
        return new ProfileReplay(
                cache,
                profile,
                options.chunkSize(),
                options.maxRequestBytes(),
                REPLAY_PARALLEL,
                Math.min(REPLAY_AHEAD, options.memoryCacheBytes() / 2));
    }

    private static ChunkStore store(Source source, OpenOptions options) throws IOException {
        ChunkStore memory = new MemoryChunkStore(options.memoryCacheBytes());
        if (options.diskCacheDir() == null) {
            return memory;
        }
        return DiskChunkStore.open(options.diskCacheDir(), source, options.chunkSize(), options.diskCacheBytes())
                .<ChunkStore>map(disk -> new TieredChunkStore(memory, disk))
                .orElse(memory);
    }

    /** The URI of an {@code http}, {@code https} or {@code file} location; null for a plain path. */
    static URI parse(String location) throws SourceException {
        int colon = location.indexOf("://");
        if (colon < 0) {
            return null;
        }
        var scheme = location.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("file")) {
            throw new SourceException(
                    location + ": unsupported URL scheme '" + scheme + "' (use http, https, file or a path)", null);
        }
        try {
            var uri = new URI(location);
            if (scheme.equals("file")
                    && (uri.getRawAuthority() != null
                            || uri.getPath() == null
                            || !uri.getPath().startsWith("/"))) {
                throw new SourceException(
                        location + ": a file URL names an absolute path (file:///path/to/image.iso)", null);
            }
            if (!scheme.equals("file") && uri.getHost() == null) {
                throw new SourceException(location + ": the URL has no host", null);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new SourceException(location + ": malformed URL: " + e.getReason(), e);
        }
    }

    public Source source() {
        return source;
    }

    public Stats stats() {
        return stats;
    }

    /** The boot profile's replay, when one applies to the image. */
    public Optional<ProfileReplay> replay() {
        return Optional.ofNullable(replay);
    }

    /** The manifest, trust state and mirrors, when the image is read through mirrors. */
    public Optional<Provenance> provenance() {
        return Optional.ofNullable(provenance);
    }

    /** What the web server said about the image; empty for a local file or mirrors. */
    public Optional<HttpImageInfo> httpInfo() {
        return Optional.ofNullable(httpInfo);
    }

    /** Closes the stack, down to the HTTP source, which cuts its requests in flight (the transport is the process's). */
    @Override
    public void close() throws IOException {
        source.close();
    }
}
