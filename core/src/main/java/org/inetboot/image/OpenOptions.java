package org.inetboot.image;

import java.nio.file.Path;
import java.util.function.Consumer;
import org.inetboot.http.HttpOptions;
import org.inetboot.profile.BootProfile;
import org.inetboot.source.RetryPolicy;
import org.inetboot.trust.TrustPolicy;

/**
 * How an image is opened: the transport's options and the shape of the filter stack on it.
 *
 * @param retry              the retries of opening it (the probe, a whole download)
 * @param readRetry          the retries of each read once it is open
 * @param chunkSize          the cache's unit, a power of two
 * @param maxRequestBytes    adjacent missing chunks are fetched with one request up to this size
 * @param memoryCacheBytes   the in-memory cache's budget
 * @param diskCacheDir       a persistent cache directory, or null for none
 * @param diskCacheBytes     the persistent cache's budget, for all images in it
 * @param readAheadInitial   the read-ahead window once a read continues the previous one
 * @param readAheadMax       the largest read-ahead window
 * @param allowWholeDownload if the server cannot serve ranges, download the whole image instead of failing
 * @param profile            a boot profile to replay ahead of the reads, or null
 * @param trust              which signed manifests to believe, and whether to require one
 */
public record OpenOptions(
        HttpOptions http,
        RetryPolicy retry,
        RetryPolicy readRetry,
        int chunkSize,
        int maxRequestBytes,
        long memoryCacheBytes,
        Path diskCacheDir,
        long diskCacheBytes,
        long readAheadInitial,
        long readAheadMax,
        boolean allowWholeDownload,
        BootProfile profile,
        TrustPolicy trust) {

    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;

    public static final OpenOptions DEFAULT = new OpenOptions(
            HttpOptions.DEFAULT,
            RetryPolicy.DEFAULT,
            RetryPolicy.DEFAULT,
            64 * KIB,
            2 * MIB,
            64L * MIB,
            null,
            4096L * MIB,
            MIB,
            16L * MIB,
            false,
            null,
            TrustPolicy.NONE);

    /** How many chunks one request may fetch. */
    public int maxRequestChunks() {
        return Math.max(1, maxRequestBytes / chunkSize);
    }

    public OpenOptions withHttp(HttpOptions options) {
        return with(f -> f.http = options);
    }

    /** The retries of opening and of reads alike. */
    public OpenOptions withRetry(RetryPolicy policy) {
        return with(f -> f.retry = f.readRetry = policy);
    }

    public OpenOptions withReadRetry(RetryPolicy policy) {
        return with(f -> f.readRetry = policy);
    }

    public OpenOptions withChunkSize(int size) {
        return with(f -> f.chunkSize = size);
    }

    public OpenOptions withDiskCache(Path dir, long budgetBytes) {
        return with(f -> {
            f.diskCacheDir = dir;
            f.diskCacheBytes = budgetBytes;
        });
    }

    public OpenOptions withMemoryCache(long bytes) {
        return with(f -> f.memoryCacheBytes = bytes);
    }

    public OpenOptions withReadAhead(long initial, long max) {
        return with(f -> {
            f.readAheadInitial = initial;
            f.readAheadMax = max;
        });
    }

    public OpenOptions withWholeDownload(boolean allow) {
        return with(f -> f.allowWholeDownload = allow);
    }

    public OpenOptions withProfile(BootProfile bootProfile) {
        return with(f -> f.profile = bootProfile);
    }

    public OpenOptions withTrust(TrustPolicy policy) {
        return with(f -> f.trust = policy);
    }

    private OpenOptions with(Consumer<Fields> change) {
        var fields = new Fields(this);
        change.accept(fields);
        return fields.options();
    }

    /** These options' fields, one of them to be changed. */
    private static final class Fields {
        HttpOptions http;
        RetryPolicy retry;
        RetryPolicy readRetry;
        int chunkSize;
        int maxRequestBytes;
        long memoryCacheBytes;
        Path diskCacheDir;
        long diskCacheBytes;
        long readAheadInitial;
        long readAheadMax;
        boolean allowWholeDownload;
        BootProfile profile;
        TrustPolicy trust;

        Fields(OpenOptions o) {
            http = o.http;
            retry = o.retry;
            readRetry = o.readRetry;
            chunkSize = o.chunkSize;
            maxRequestBytes = o.maxRequestBytes;
            memoryCacheBytes = o.memoryCacheBytes;
            diskCacheDir = o.diskCacheDir;
            diskCacheBytes = o.diskCacheBytes;
            readAheadInitial = o.readAheadInitial;
            readAheadMax = o.readAheadMax;
            allowWholeDownload = o.allowWholeDownload;
            profile = o.profile;
            trust = o.trust;
        }

        OpenOptions options() {
            return new OpenOptions(
                    http,
                    retry,
                    readRetry,
                    chunkSize,
                    maxRequestBytes,
                    memoryCacheBytes,
                    diskCacheDir,
                    diskCacheBytes,
                    readAheadInitial,
                    readAheadMax,
                    allowWholeDownload,
                    profile,
                    trust);
        }
    }
}
