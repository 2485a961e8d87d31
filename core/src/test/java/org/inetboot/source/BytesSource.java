package org.inetboot.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** An image in memory that records every read and can be made slow or failing, to test layers above it. */
final class BytesSource implements Source {

    final byte[] bytes;
    final List<long[]> reads = new CopyOnWriteArrayList<>();
    final List<long[]> prefetches = new CopyOnWriteArrayList<>();
    final AtomicInteger failuresLeft = new AtomicInteger();
    volatile boolean transientFailures = true;
    volatile Duration delay = Duration.ZERO;
    volatile String version = "v1";

    BytesSource(byte[] bytes) {
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

    byte[] slice(long offset, int length) {
        return java.util.Arrays.copyOfRange(bytes, (int) offset, (int) offset + length);
    }
}
