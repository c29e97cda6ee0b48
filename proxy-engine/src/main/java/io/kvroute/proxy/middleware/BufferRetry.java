package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.OpaqueMiddleware;
import io.kvroute.proxy.middleware.expression.RetryAttempt;
import io.kvroute.proxy.middleware.expression.RetryExpression;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.util.List;
import java.util.Optional;

/**
 * A buffering middleware's {@code retryExpression} for the proxy client, which does the retrying, as oxy's buffer
 * does: after every attempt whose answer (or network error: 502, a timeout: 504) makes the expression hold, the
 * answer is dropped unread and the request, its body held, is sent again through the service's balancer (any of its
 * servers, the one just tried included); at most {@link #MAX_RETRIES} times. The last answer reaches the client.
 * Unlike Traefik, only a server's answer (or its failure) is asked about, never one a later middleware of the chain
 * gives, as for the retry middleware's statuses. A chain whose buffering middleware sets {@code retryExpression} puts this on the exchange.
 */
public record BufferRetry(RetryExpression expression) {
    /** oxy's {@code DefaultMaxRetryAttempts}: the expression is not asked after the tenth attempt. */
    public static final int MAX_RETRIES = 10;

    static final AttachmentKey<BufferRetry> ATTACHMENT = AttachmentKey.create(BufferRetry.class);

    public BufferRetry {
        requireNonNull(expression, "expression");
    }

    /** The buffering retry of {@code exchange}, or empty when its chain has none. */
    public static Optional<BufferRetry> of(HttpServerExchange exchange) {
        return Optional.ofNullable(exchange.getAttachment(ATTACHMENT));
    }

    /** Whether {@code chain} (a router's middlewares) has a buffering middleware that sets {@code retryExpression}. */
    public static boolean configuredIn(List<Middleware> chain) {
        for (int i = 0; i < chain.size(); i++) {
            if (configuredIn(chain.get(i))) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code middleware} is a buffering middleware that sets a non-empty {@code retryExpression}. */
    static boolean configuredIn(Middleware middleware) {
        return middleware instanceof OpaqueMiddleware opaque && opaque.type().equals(BufferingHandler.TYPE)
                && MiddlewareSettings.of(opaque).text(BufferingHandler.RETRY_EXPRESSION).filter(e -> !e.isEmpty())
                        .isPresent();
    }

    /**
     * Whether the request is sent again after its attempt number {@code attempts} (from 1) ended with
     * {@code responseCode}.
     */
    public boolean retries(int attempts, int responseCode, String method) {
        return attempts <= MAX_RETRIES && expression.holds(new RetryAttempt(attempts, responseCode, method));
    }
}
