package org.inetboot.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.inetboot.testing.SampleFiles;
import org.junit.jupiter.api.Test;

class RetryingSourceTest {

    private final BytesSource inner = new BytesSource(SampleFiles.bytes(10_000, 4));
    private final Stats stats = new Stats();
    private final RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(20));

    @Test
    void transientFailuresAreRetriedUntilTheBytesArrive() throws Exception {
        inner.failuresLeft.set(3);
        var retrying = new RetryingSource(inner, policy, stats);
        assertThat(retrying.readBytes(100, 500)).isEqualTo(inner.slice(100, 500));
        assertThat(stats.snapshot().retries()).isEqualTo(3);
    }

    @Test
    void afterTheLastAttemptTheErrorSaysSo() {
        inner.failuresLeft.set(10);
        var retrying = new RetryingSource(inner, policy, stats);
        assertThatThrownBy(() -> retrying.readBytes(100, 500))
                .isInstanceOf(SourceException.class)
                .isNotInstanceOf(TransientSourceException.class)
                .hasMessage("memory:test at offset 100: injected (gave up after 4 attempts)");
    }

    @Test
    void aPatientPolicyRetriesEveryKindOfFailureUntilItsTimeIsUp() {
        var attempts = new java.util.concurrent.atomic.AtomicInteger();
        var dnsFailing = new FilterSource(inner) {
            @Override
            public void read(java.nio.ByteBuffer dst, long offset) throws TransientSourceException {
                attempts.incrementAndGet(); // a kind of failure that deserves 3 attempts only, elsewhere
                throw new TransientSourceException(name(), offset, "cannot resolve the host name (DNS)", null, 3, null);
            }
        };
        long start = System.nanoTime();
        var retrying = new RetryingSource(dnsFailing, RetryPolicy.patient(Duration.ofSeconds(2)), stats);
        assertThatThrownBy(() -> retrying.readBytes(0, 1))
                .hasMessageMatching("memory:test at offset 0: cannot resolve the host name \\(DNS\\)"
                        + " \\(gave up after \\d+ attempts in [01] s\\)");
        assertThat(attempts.get()).isGreaterThan(3);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isBetween(Duration.ofMillis(800), Duration.ofSeconds(2));
    }

    @Test
    void aReaderBeingCancelledIsNotRetriedNorCounted() {
        var reads = new java.util.concurrent.atomic.AtomicInteger();
        var cancelledDuringTheRead = new FilterSource(inner) {
            @Override
            public void read(java.nio.ByteBuffer dst, long offset) throws TransientSourceException {
                reads.incrementAndGet();
                Thread.currentThread().interrupt(); // as a closing cache does to its fetchers
                throw new TransientSourceException(name(), offset, "the connection was shut down", null);
            }
        };
        var retrying = new RetryingSource(cancelledDuringTheRead, policy, stats);
        try {
            assertThatThrownBy(() -> retrying.readBytes(0, 1)).isInstanceOf(java.io.InterruptedIOException.class);
        } finally {
            Thread.interrupted();
        }
        assertThat(reads).hasValue(1);
        assertThat(stats.snapshot().retries()).isZero();
    }

    @Test
    void permanentFailuresAreNotRetried() {
        inner.failuresLeft.set(1);
        inner.transientFailures = false;
        var retrying = new RetryingSource(inner, policy, stats);
        assertThatThrownBy(() -> retrying.readBytes(0, 1)).hasMessageContaining("injected for good");
        assertThat(inner.reads).hasSize(1);
    }

    @Test
    void delaysGrowAndHonourRetryAfterUpToTheMaximum() {
        var failure = new TransientSourceException("x", 0, "y", null);
        var slow = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(1));
        assertThat(slow.delay(1, failure)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(slow.delay(4, failure)).isBetween(Duration.ofMillis(400), Duration.ofMillis(800));
        assertThat(slow.delay(9, failure)).isEqualTo(Duration.ofSeconds(1));
        var asked = new TransientSourceException("x", 0, "y", Duration.ofMillis(700), null);
        assertThat(slow.delay(1, asked)).isEqualTo(Duration.ofMillis(700));
        var askedTooMuch = new TransientSourceException("x", 0, "y", Duration.ofHours(1), null);
        assertThat(slow.delay(1, askedTooMuch)).isEqualTo(Duration.ofSeconds(1));
    }
}
