package org.inetboot.source;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/** Least-recently-used chunks in the heap, within a byte budget. */
public final class MemoryChunkStore implements ChunkStore {

    private final long budget;
    private final LinkedHashMap<Long, ByteBuffer> chunks = new LinkedHashMap<>(64, 0.75f, true);
    private long used;

    public MemoryChunkStore(long budgetBytes) {
        this.budget = budgetBytes;
    }

    @Override
    public synchronized ByteBuffer get(long index) {
        var chunk = chunks.get(index);
        return chunk == null ? null : chunk.duplicate();
    }

    @Override
    public synchronized void put(long index, ByteBuffer chunk) {
        if (chunk.remaining() > budget) {
            return;
        }
        var copy = ByteBuffer.allocate(chunk.remaining())
                .put(chunk.duplicate())
                .flip()
                .asReadOnlyBuffer();
        var old = chunks.put(index, copy);
        used += copy.capacity() - (old == null ? 0 : old.capacity());
        evict();
    }

    private void evict() {
        var eldest = chunks.entrySet().iterator();
        while (used > budget && eldest.hasNext()) {
            Map.Entry<Long, ByteBuffer> entry = eldest.next();
            used -= entry.getValue().capacity();
            eldest.remove();
        }
    }
}
