package org.inetboot.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.inetboot.source.FilterSource;
import org.inetboot.source.Source;

/** Says in the kernel's log why a read failed for good, just before the system sees its I/O error. */
final class FailureLog extends FilterSource {

    private final KernelLog log;

    FailureLog(Source inner, KernelLog log) {
        super(inner);
        this.log = log;
    }

    @Override
    public void read(ByteBuffer dst, long offset) throws IOException {
        try {
            super.read(dst, offset);
        } catch (IOException e) {
            log.warning("gave up: " + e.getMessage() + "; the system gets an I/O error");
            throw e;
        }
    }
}
