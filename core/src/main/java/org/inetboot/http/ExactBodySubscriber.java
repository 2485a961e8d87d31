package org.inetboot.http;

import java.io.IOException;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * Passes a response body to a sink, and insists on exactly the expected number of bytes: fewer
 * (the body ended early) and more are both errors. A body that sends fewer than a minimum
 * number of bytes in any window of the stall timeout (nothing, or a trickle of a byte now and then)
 * is abandoned, so no read can hang forever.
 */
final class ExactBodySubscriber implements BodySubscriber<Void> {

    /** Where the bytes go. */
    @FunctionalInterface
    interface Sink {
        void write(ByteBuffer bytes) throws IOException;
    }

    private final Sink sink;
    private final long expected;
    private final long stallNanos;
    private final long minBytesPerWindow;
    private final ScheduledExecutorService watchdog;
    private final LongFunction<IOException> onStall;
    private final LongFunction<IOException> onShort;
    private final IOException onOverflow;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile ScheduledFuture<?> timer;
    private Flow.Subscription subscription;
    private volatile long received;
    private long receivedBeforeWindow;

    /**
     * @param minBytesPerWindow fewer bytes than this in a window of {@code stallNanos} abandon the body
     * @param onStall    the error for a body that sent the given number of bytes in a window
     * @param onShort    the error for a body that ended after the given number of bytes
     * @param onOverflow the error for a body longer than expected
     */
    ExactBodySubscriber(
            long expected,
            Sink sink,
            long stallNanos,
            long minBytesPerWindow,
            ScheduledExecutorService watchdog,
            LongFunction<IOException> onStall,
            LongFunction<IOException> onShort,
            IOException onOverflow) {
        this.sink = sink;
        this.expected = expected;
        this.stallNanos = stallNanos;
        this.minBytesPerWindow = Math.max(1, minBytesPerWindow);
        this.watchdog = watchdog;
        this.onStall = onStall;
        this.onShort = onShort;
        this.onOverflow = onOverflow;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        arm();
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (done.isDone()) {
            return;
        }
        try {
            for (var buffer : buffers) {
                received += buffer.remaining();
                if (received > expected) {
                    fail(onOverflow);
                    return;
                }
                sink.write(buffer);
            }
        } catch (IOException e) {
            fail(e);
        }
    }

    @Override
    public void onError(Throwable error) {
        cancelTimer();
        done.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        cancelTimer();
        if (received < expected) {
            done.completeExceptionally(onShort.apply(received));
        } else {
            done.complete(null);
        }
    }

    @Override
    public CompletionStage<Void> getBody() {
        return done;
    }

    private void arm() {
        timer = watchdog.schedule(this::check, stallNanos, TimeUnit.NANOSECONDS);
    }

    /** At the end of each window: enough bytes came, or the body is abandoned. */
    private void check() {
        if (done.isDone()) {
            return;
        }
        long inWindow = received - receivedBeforeWindow;
        if (inWindow < minBytesPerWindow) {
            fail(onStall.apply(inWindow));
        } else {
            receivedBeforeWindow += inWindow;
            arm();
        }
    }

    /** Completes with our error before cancelling, so it wins over the client's own report of the cut. */
    private void fail(IOException error) {
        cancelTimer();
        done.completeExceptionally(error);
        subscription.cancel();
    }

    private void cancelTimer() {
        var t = timer;
        if (t != null) {
            t.cancel(false);
        }
    }
}
