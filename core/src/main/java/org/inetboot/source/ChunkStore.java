package org.inetboot.source;

import java.io.Closeable;
import java.nio.ByteBuffer;

/**
 * Where a {@link BlockCache} keeps chunks. Best effort: a store may drop any chunk at any time,
 * but must never return a chunk whose bytes differ from those it was given.
 */
public interface ChunkStore extends Closeable {

    /** The chunk, positioned at 0, or null when the store does not hold it. */
    ByteBuffer get(long index);

    /** Keeps a copy of {@code chunk} (position to limit), if the store has room for it. */
    void put(long index, ByteBuffer chunk);

    @Override
    default void close() {}
}
