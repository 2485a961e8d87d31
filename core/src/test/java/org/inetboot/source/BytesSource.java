package org.inetboot.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** An image in memory that records every read and can be made slow or failing, to test layers above it. */
public final class BytesSource implements Source {

    public final byte[] bytes;
    public final List<long[]> reads = new CopyOnWriteArrayList<>();
    public final List<long[]> prefetches = new CopyOnWriteArrayList<>();
    public final AtomicInteger failuresLeft = new AtomicInteger();
    public volatile boolean transientFailures = true;
    public volatile Duration delay = Duration.ZERO;
    public volatile String version = "v1";

    public BytesSource(byte[] bytes) {
        this.bytes = bytes;
    }

    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public String name() {
        return "memory:test";
    }

    @Override
    public Optional<String> version() {
        return Optional.ofNullable(version);
    }

    @Override
    public void read(ByteBuffer dst, long offset) throws IOException {
        Source.checkRange(this, offset, dst.remaining());
        reads.add(new long[] {offset, dst.remaining()});
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            throw new java.io.InterruptedIOException();
        }
        if (failuresLeft.getAndDecrement() > 0) {
            throw transientFailures
                    ? new TransientSourceException(name(), offset, "injected", null)
                    : new SourceException(name(), offset, "injected for good");
        }
        dst.put(bytes, (int) offset, dst.remaining());
    }

    @Override
    public void prefetch(long offset, long length) {
        prefetches.add(new long[] {offset, length});
    }

    public byte[] slice(long offset, int length) {
        return java.util.Arrays.copyOfRange(bytes, (int) offset, (int) offset + length);
    }
}
