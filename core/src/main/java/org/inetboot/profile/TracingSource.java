package org.inetboot.profile;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.inetboot.source.FilterSource;
import org.inetboot.source.Source;

/**
 * Records the reads that pass through it (time since the first, offset, length), in the order
 * they came, for a boot profile. Bounded: after {@link Trace#MAX_READS} reads it records no more
 * and the trace says it was cut. Put it where the demand reads arrive (stage 2: under the NBD
 * server), above read-ahead, so that only what the system asked for is recorded.
 */
public final class TracingSource extends FilterSource {

    private final Trace.Recorder recorder;

    public TracingSource(Source inner) {
        super(inner);
        this.recorder =
                new Trace.Recorder(inner.name(), inner.size(), inner.version().orElse(null));
    }

    @Override
    public void read(ByteBuffer dst, long offset) throws IOException {
        recorder.record(offset, dst.remaining());
        inner.read(dst, offset);
    }

    /** The reads so far. */
    public Trace trace() {
        return recorder.snapshot();
    }
}
