package org.inetboot.source;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Retries reads that failed transiently; anything else passes through at once. */
public final class RetryingSource extends FilterSource {

    private final RetryPolicy policy;
    private final Stats stats;

    public RetryingSource(Source inner, RetryPolicy policy, Stats stats) {
        super(inner);
        this.policy = policy;
        this.stats = stats;
    }

    @Override
    public void read(ByteBuffer dst, long offset) throws IOException {
        int start = dst.position();
        policy.call(stats, () -> {
            inner.read(dst.position(start), offset);
            return null;
        });
    }
}
