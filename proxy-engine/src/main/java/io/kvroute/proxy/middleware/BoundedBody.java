package io.kvroute.proxy.middleware;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body of the JDK HTTP client read whole into memory, up to {@code limit} bytes (a negative limit: no
 * limit): a longer body is not read further and the result is empty, as Traefik's forwardAuth
 * {@code maxResponseBodySize}.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<Optional<byte[]>> {
    private final long limit;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<Optional<byte[]>> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    BoundedBody(long limit) {
        this.limit = limit;
    }

    static HttpResponse.BodyHandler<Optional<byte[]>> handler(long limit) {
        return response -> new BoundedBody(limit);
    }

    @Override
    public CompletionStage<Optional<byte[]>> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer item : items) {
            byte[] chunk = new byte[item.remaining()];
            item.get(chunk);
            bytes.write(chunk, 0, chunk.length);
        }
        if (limit >= 0 && bytes.size() > limit) {
            result.complete(Optional.empty());
            subscription.cancel();
        }
    }

    @Override
    public void onError(Throwable failure) {
        result.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        result.complete(Optional.of(bytes.toByteArray()));
    }
}
