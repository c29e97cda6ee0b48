package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.util.Optional;
import java.util.Set;

/**
 * Traefik 3.7's status retries of a {@code retry} middleware, for the proxy client, which does the retrying: an
 * answer whose status is in {@code statuses} is held back from the client and the request sent to another server,
 * for every method but POST, PATCH and LOCK unless {@code nonIdempotentMethods}, with a body of at most
 * {@code maxRequestBodyBytes} (negative: any) read whole first so it can be sent again (a longer body: no status
 * retry). {@code networkErrors} false is Traefik's {@code disableRetryOnNetworkError}: a connect failure or a
 * missing answer is then not retried. A chain whose retry middleware sets {@code status} puts this on the exchange
 * next to its {@link RetryPolicy}.
 */
public record StatusRetry(HttpCodeRanges statuses, boolean nonIdempotentMethods, long maxRequestBodyBytes,
        boolean networkErrors) {
    /** Traefik's methods whose statuses are retried only with {@code retryNonIdempotentMethod}. */
    private static final Set<HttpString> NON_IDEMPOTENT = Set.of(Methods.POST, Methods.PATCH, Methods.LOCK);

    static final AttachmentKey<StatusRetry> ATTACHMENT = AttachmentKey.create(StatusRetry.class);

    public StatusRetry {
        requireNonNull(statuses, "statuses");
    }

    /** The status retries a chain's retry middleware put on {@code exchange}, or empty when there are none. */
    public static Optional<StatusRetry> of(HttpServerExchange exchange) {
        return Optional.ofNullable(exchange.getAttachment(ATTACHMENT));
    }

    /** Whether an answer with {@code status} is retried. */
    public boolean retries(int status) {
        return statuses.contains(status);
    }

    /** Whether statuses are retried for requests of {@code method}. */
    public boolean appliesTo(HttpString method) {
        return nonIdempotentMethods || !NON_IDEMPOTENT.contains(method);
    }

    /** Whether a body of {@code length} bytes is read whole to be sent again. */
    public boolean replays(long length) {
        return maxRequestBodyBytes < 0 || length <= maxRequestBodyBytes;
    }
}
