package org.inetboot.image;

import java.nio.file.Path;
import org.inetboot.http.HttpOptions;
import org.inetboot.source.RetryPolicy;

/**
 * How an image is opened: the transport's options and the shape of the filter stack on it.
 *
 * @param chunkSize          the cache's unit, a power of two
 * @param maxRequestChunks   adjacent missing chunks fetched with one request, at most
 * @param memoryCacheBytes   the in-memory cache's budget
 * @param diskCacheDir       a persistent cache directory, or null for none
 * @param diskCacheBytes     the persistent cache's budget, for all images in it
 * @param readAheadInitial   the read-ahead window once a read continues the previous one
 * @param readAheadMax       the largest read-ahead window
 * @param allowWholeDownload if the server cannot serve ranges, download the whole image instead of failing
 */
public record OpenOptions(HttpOptions http, RetryPolicy retry, int chunkSize, int maxRequestChunks,
                          long memoryCacheBytes, Path diskCacheDir, long diskCacheBytes,
                          long readAheadInitial, long readAheadMax, boolean allowWholeDownload) {

    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;

    public static final OpenOptions DEFAULT = new OpenOptions(HttpOptions.DEFAULT, RetryPolicy.DEFAULT,
            256 * KIB, 8, 64L * MIB, null, 4096L * MIB, 512 * KIB, 16L * MIB, false);

    public OpenOptions withHttp(HttpOptions options) {
        return new OpenOptions(options, retry, chunkSize, maxRequestChunks, memoryCacheBytes, diskCacheDir,
                diskCacheBytes, readAheadInitial, readAheadMax, allowWholeDownload);
    }

    public OpenOptions withRetry(RetryPolicy policy) {
        return new OpenOptions(http, policy, chunkSize, maxRequestChunks, memoryCacheBytes, diskCacheDir,
                diskCacheBytes, readAheadInitial, readAheadMax, allowWholeDownload);
    }

    public OpenOptions withChunks(int size, int maxPerRequest) {
        return new OpenOptions(http, retry, size, maxPerRequest, memoryCacheBytes, diskCacheDir,
                diskCacheBytes, readAheadInitial, readAheadMax, allowWholeDownload);
    }

    public OpenOptions withDiskCache(Path dir, long budgetBytes) {
        return new OpenOptions(http, retry, chunkSize, maxRequestChunks, memoryCacheBytes, dir,
                budgetBytes, readAheadInitial, readAheadMax, allowWholeDownload);
    }

    public OpenOptions withReadAhead(long initial, long max) {
        return new OpenOptions(http, retry, chunkSize, maxRequestChunks, memoryCacheBytes, diskCacheDir,
                diskCacheBytes, initial, max, allowWholeDownload);
    }

    public OpenOptions withWholeDownload(boolean allow) {
        return new OpenOptions(http, retry, chunkSize, maxRequestChunks, memoryCacheBytes, diskCacheDir,
                diskCacheBytes, readAheadInitial, readAheadMax, allow);
    }
}
