package org.inetboot.source;

import java.nio.ByteBuffer;

/** A fast store in front of a larger one; hits in the second are promoted to the first. */
public final class TieredChunkStore implements ChunkStore {

    private final ChunkStore first;
    private final ChunkStore second;

    public TieredChunkStore(ChunkStore first, ChunkStore second) {
        this.first = first;
        this.second = second;
    }

    @Override
    public ByteBuffer get(long index) {
        var chunk = first.get(index);
        if (chunk == null) {
            chunk = second.get(index);
            if (chunk != null) {
                first.put(index, chunk);
            }
        }
        return chunk;
    }

    @Override
    public void put(long index, ByteBuffer chunk) {
        first.put(index, chunk);
        second.put(index, chunk);
    }

    @Override
    public void close() {
        first.close();
        second.close();
    }
}
