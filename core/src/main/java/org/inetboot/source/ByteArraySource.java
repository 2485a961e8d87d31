package org.inetboot.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;

/** An image held in memory, e.g. a kernel fetched whole or an initrd built for kexec. */
public record ByteArraySource(String name, byte[] bytes) implements Source {

    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public Optional<String> version() {
        return Optional.empty();
    }

    @Override
    public void read(ByteBuffer dst, long offset) throws IOException {
        Source.checkRange(this, offset, dst.remaining());
        dst.put(bytes, (int) offset, dst.remaining());
    }
}
