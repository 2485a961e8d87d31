package org.inetboot.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Adaptive sequential read-ahead, like the kernel's: a read that continues where an earlier one
 * ended is part of a stream, and the window ahead of a stream is twice what it has read so far, up
 * to a maximum, passed down as a {@link Source#prefetch} hint, which a {@link BlockCache} below
 * turns into several requests in flight. A stream starts prefetching only once it has read the
 * initial window: a walk through small adjacent directories (an ISO's metadata) looks sequential
 * but is no stream, and prefetching for it made a server send 17 MB for a listing that used under
 * 2 MB (`MetadataWalkTest`). Random reads prefetch nothing. Several interleaved streams (e.g. two
 * files read at once) are followed independently.
 */
public final class ReadAheadSource extends FilterSource {

    private static final int MAX_STREAMS = 8;

    private final long initialWindow;
    private final long maxWindow;
    private final Deque<Stream> streams = new ArrayDeque<>();

    public ReadAheadSource(Source inner, long initialWindow, long maxWindow) {
        super(inner);
        this.initialWindow = initialWindow;
        this.maxWindow = maxWindow;
    }

    @Override
    public void read(ByteBuffer dst, long offset) throws IOException {
        long end = offset + dst.remaining();
        var ahead = advance(offset, end);
        if (ahead != null) {
            inner.prefetch(ahead.from, ahead.to - ahead.from);
        }
        inner.read(dst, offset);
    }

    /** Updates the stream this read belongs to; returns the range to prefetch, if any. */
    private synchronized Range advance(long offset, long end) {
        for (var it = streams.iterator(); it.hasNext(); ) {
            var stream = it.next();
            if (stream.next == offset) {
                it.remove();
                streams.addFirst(stream);
                return stream.advance(end, initialWindow, maxWindow, size());
            }
        }
        if (streams.size() == MAX_STREAMS) {
            streams.removeLast();
        }
        streams.addFirst(new Stream(end, end - offset));
        return null;
    }

    private record Range(long from, long to) {}

    private static final class Stream {
        long next;
        long streamed;
        long prefetchedTo;

        Stream(long next, long streamed) {
            this.next = next;
            this.streamed = streamed;
            this.prefetchedTo = next;
        }

        /** Refills the window only when less than half of it lies ahead, so hints come in large runs. */
        Range advance(long end, long initialWindow, long maxWindow, long size) {
            streamed += end - next;
            next = end;
            if (streamed < initialWindow) {
                return null;
            }
            long window = Math.min(Math.max(2 * streamed, initialWindow), maxWindow);
            long from = Math.max(prefetchedTo, end);
            long target = Math.min(size, end + window);
            if (from - end >= window / 2 || target <= from) {
                return null;
            }
            prefetchedTo = target;
            return new Range(from, target);
        }
    }
}
