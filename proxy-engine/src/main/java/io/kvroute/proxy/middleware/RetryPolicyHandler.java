package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.Retry;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Puts a {@link RetryPolicy} on the exchange, with the time it took the request, for the proxy client further down
 * the chain, which does the retrying.
 *
 * <p>Traefik 3.7's settings, as its retry middleware applies them: {@code attempts}, {@code initialInterval} and
 * {@code timeout} are the policy. {@code status} (retry on these response statuses) is not applied, so refused: it
 * needs a failed attempt's response held back from the client and the request body replayed. Without
 * {@code status} the settings that only shape status retries change nothing and are accepted at any value:
 * {@code maxRequestBodyBytes} (Traefik buffers a body for replay only when statuses are retried) and
 * {@code retryNonIdempotentMethod} (Traefik retries network errors for every method; the setting opens only status
 * retries to POST, PATCH and LOCK). {@code disableRetryOnNetworkError} {@code true} without {@code status} is
 * Traefik's configuration error (nothing would ever be retried).
 */
final class RetryPolicyHandler implements HttpHandler {
    private final RetryPolicy policy;
    private final HttpHandler next;

    RetryPolicyHandler(RetryPolicy policy, HttpHandler next) {
        this.policy = requireNonNull(policy, "policy");
        this.next = requireNonNull(next, "next");
    }

    /**
     * Reads {@code retry}'s settings.
     *
     * @throws MiddlewareException when {@code attempts} is below 1, a duration is negative, a setting has the wrong
     *     shape or {@code disableRetryOnNetworkError} is set without {@code status} (INVALID_SETTING), or
     *     {@code status} or an unknown setting is set (SETTING_NOT_APPLIED)
     */
    static UnaryOperator<HttpHandler> factory(Retry retry) {
        MiddlewareSettings settings = MiddlewareSettings.of(retry, retry.others());
        Duration timeout = settings.duration("timeout").orElse(Duration.ZERO);
        List<String> status = settings.strings("status");
        boolean noNetworkRetry = settings.bool("disableRetryOnNetworkError").orElse(false);
        settings.bool("retryNonIdempotentMethod");
        settings.integer("maxRequestBodyBytes");
        settings.requireAllRead();
        if (!status.isEmpty()) {
            throw new MiddlewareException(MiddlewareException.Kind.SETTING_NOT_APPLIED, retry.name(), retry.type(),
                    "status " + status + " is not applied: kvroute does not retry on response statuses (a failed "
                            + "attempt's response would have to be held back from the client); the router is left "
                            + "out rather than served without it");
        }
        if (noNetworkRetry) {
            throw settings.invalid("disableRetryOnNetworkError",
                    "false unless status is set: a retry needs network errors or statuses to retry on");
        }
        RetryPolicy policy;
        try {
            policy = new RetryPolicy(retry.attempts(), retry.initialInterval().orElse(Duration.ZERO), timeout);
        } catch (IllegalArgumentException badSetting) {
            throw new MiddlewareException(MiddlewareException.Kind.INVALID_SETTING, retry.name(), retry.type(),
                    badSetting.getMessage());
        }
        return next -> new RetryPolicyHandler(policy, next);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.putAttachment(RetryPolicy.ATTACHMENT, policy);
        exchange.putAttachment(RetryPolicy.STARTED, System.nanoTime());
        next.handleRequest(exchange);
    }
}
