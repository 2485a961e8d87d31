package org.inetboot.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;

/** A layer on another source that passes through everything it does not override. */
public abstract class FilterSource implements Source {

    protected final Source inner;

    protected FilterSource(Source inner) {
        this.inner = inner;
    }

    @Override
    public long size() {
        return inner.size();
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public Optional<String> version() {
        return inner.version();
    }

    @Override
    public void read(ByteBuffer dst, long offset) throws IOException {
        inner.read(dst, offset);
    }

    @Override
    public void prefetch(long offset, long length) {
        inner.prefetch(offset, length);
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
