package org.inetboot.source;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A read-only, random-access image: the bottom of every stack and every filter on it.
 *
 * <p>Implementations are thread-safe. Filters wrap another source, like nbdkit filters wrap a
 * plugin, and must never return bytes they have not verified to be the image's bytes.
 */
public interface Source extends Closeable {

    /** Size of the image in bytes. */
    long size();

    /** What this source reads, for error messages: a URL or a path. */
    String name();

    /**
     * An opaque tag that changes whenever the image's content changes (a strong ETag, a
     * Last-Modified date, a file's size and mtime). Empty when nothing identifies the version,
     * in which case nothing may be cached across processes.
     */
    Optional<String> version();

    /**
     * Fills {@code dst} from its position to its limit with the image's bytes starting at
     * {@code offset}. Either all of them arrive or an exception is thrown; the buffer's content
     * is undefined after an exception.
     *
     * @throws SourceException when the range lies outside the image or cannot be read
     */
    void read(ByteBuffer dst, long offset) throws IOException;

    /**
     * A hint that {@code [offset, offset + length)} will be read soon. Returns at once; a layer
     * that can fetch ahead (a cache) starts doing so, others pass the hint down.
     */
    default void prefetch(long offset, long length) {}

    @Override
    default void close() throws IOException {}

    /**
     * {@code [offset, offset + length)} in a new array, read in 1 MiB pieces as a file system would,
     * so that read-ahead sees a stream.
     */
    default byte[] readBytes(long offset, int length) throws IOException {
        var buffer = ByteBuffer.allocate(length);
        for (int done = 0; done < length; done += 1 << 20) {
            read(buffer.slice(done, Math.min(1 << 20, length - done)), offset + done);
        }
        return buffer.array();
    }

    /** Checks that {@code [offset, offset + length)} lies inside an image of {@code size} bytes. */
    static void checkRange(Source source, long offset, long length) throws SourceException {
        if (offset < 0 || length < 0 || offset > source.size() - length) {
            throw new SourceException(
                    source.name(),
                    offset,
                    "range of " + length + " bytes lies outside the image of " + source.size() + " bytes");
        }
    }
}
