package org.inetboot.image;

import java.nio.file.Path;
import org.inetboot.http.HttpOptions;
import org.inetboot.profile.BootProfile;
import org.inetboot.source.RetryPolicy;
import org.inetboot.trust.TrustPolicy;

/**
 * How an image is opened: the transport's options and the shape of the filter stack on it.
 *
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
        return new OpenOptions(
                options,
                retry,
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

    public OpenOptions withRetry(RetryPolicy policy) {
        return new OpenOptions(
                http,
                policy,
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

    public OpenOptions withChunkSize(int size) {
        return new OpenOptions(
                http,
                retry,
                size,
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

    public OpenOptions withDiskCache(Path dir, long budgetBytes) {
        return new OpenOptions(
                http,
                retry,
                chunkSize,
                maxRequestBytes,
                memoryCacheBytes,
                dir,
                budgetBytes,
                readAheadInitial,
                readAheadMax,
                allowWholeDownload,
                profile,
                trust);
    }

    public OpenOptions withMemoryCache(long bytes) {
        return new OpenOptions(
                http,
                retry,
                chunkSize,
                maxRequestBytes,
                bytes,
                diskCacheDir,
                diskCacheBytes,
                readAheadInitial,
                readAheadMax,
                allowWholeDownload,
                profile,
                trust);
    }

    public OpenOptions withReadAhead(long initial, long max) {
        return new OpenOptions(
                http,
                retry,
                chunkSize,
                maxRequestBytes,
                memoryCacheBytes,
                diskCacheDir,
                diskCacheBytes,
                initial,
                max,
                allowWholeDownload,
                profile,
                trust);
    }

    public OpenOptions withWholeDownload(boolean allow) {
        return new OpenOptions(
                http,
                retry,
                chunkSize,
                maxRequestBytes,
                memoryCacheBytes,
                diskCacheDir,
                diskCacheBytes,
                readAheadInitial,
                readAheadMax,
                allow,
                profile,
                trust);
    }

    public OpenOptions withProfile(BootProfile bootProfile) {
        return new OpenOptions(
                http,
                retry,
                chunkSize,
                maxRequestBytes,
                memoryCacheBytes,
                diskCacheDir,
                diskCacheBytes,
                readAheadInitial,
                readAheadMax,
                allowWholeDownload,
                bootProfile,
                trust);
    }

    public OpenOptions withTrust(TrustPolicy policy) {
        return new OpenOptions(
                http,
                retry,
                chunkSize,
                maxRequestBytes,
                memoryCacheBytes,
                diskCacheDir,
                diskCacheBytes,
                readAheadInitial,
                readAheadMax,
                allowWholeDownload,
                profile,
                policy);
    }
}
