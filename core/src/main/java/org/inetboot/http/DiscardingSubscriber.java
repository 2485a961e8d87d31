package org.inetboot.http;

import java.io.IOException;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Refuses a body without reading it (it may be a whole multi-gigabyte image): the connection is
 * dropped, and the response ends with {@code error}, or normally when there is none.
 */
final class DiscardingSubscriber implements BodySubscriber<Void> {

    private final CompletableFuture<Void> body;

    DiscardingSubscriber(IOException error) {
        this.body = error == null ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(error);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscription.cancel();
    }

    @Override
    public void onNext(List<ByteBuffer> item) {}

    @Override
    public void onError(Throwable throwable) {}

    @Override
    public void onComplete() {}

    @Override
    public CompletionStage<Void> getBody() {
        return body;
    }
}
