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
 * read-ahead; a local file directly, since the kernel's page cache already does the rest.
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

    private Image(Source source, Stats stats, HttpImageInfo httpInfo, ProfileReplay replay) {
        this.source = source;
        this.stats = stats;
        this.httpInfo = httpInfo;
        this.replay = replay;
    }

    /** Opens {@code location}: an {@code http://}, {@code https://} or {@code file://} URL, or a local path. */
    public static Image open(String location, OpenOptions options, Stats stats) throws IOException {
        var uri = parse(location);
        if (uri == null || "file".equals(uri.getScheme())) {
            var path = uri == null ? Path.of(location) : Path.of(uri);
            return new Image(FileSource.open(path, stats), stats, null, null);
        }
        var transport = HttpTransport.shared(options.http());
        var http = HttpSource.open(uri, transport, options.retry(), options.allowWholeDownload(), stats);
        try {
            var cache = cache(http, transport, options, stats);
            var replay = replay(cache, options);
            var top = new ReadAheadSource(
                    replay != null ? replay : cache, options.readAheadInitial(), options.readAheadMax());
            return new Image(top, stats, http.info(), replay);
        } catch (IOException | RuntimeException e) {
            http.close();
            throw e;
        }
    }

    /** HTTP (or the whole download), retries and the chunk cache: the stack under read-ahead. */
    private static Source cache(HttpSource http, HttpTransport transport, OpenOptions options, Stats stats)
            throws IOException {
        Source bottom = http;
        if (!http.info().rangeSupport()) {
            if (!options.allowWholeDownload()) {
                throw new SourceException(
                        http.name(),
                        0,
                        "the server does not support range requests;"
                                + " --allow-whole-download would download the whole image instead");
            }
            bottom = WholeDownloadSource.start(
                    http, transport, options.retry(), Path.of(System.getProperty("java.io.tmpdir")), stats);
        }
        var retrying = new RetryingSource(bottom, options.retry(), stats);
        return new BlockCache(retrying, store(http, options), options.chunkSize(), options.maxRequestChunks(), stats);
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
    private static URI parse(String location) throws SourceException {
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

    /** What the web server said about the image; empty for a local file. */
    public Optional<HttpImageInfo> httpInfo() {
        return Optional.ofNullable(httpInfo);
    }

    /** Closes the stack, down to the HTTP source, which cuts its requests in flight (the transport is the process's). */
    @Override
    public void close() throws IOException {
        source.close();
    }
}
