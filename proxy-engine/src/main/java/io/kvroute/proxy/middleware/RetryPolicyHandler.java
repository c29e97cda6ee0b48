package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.Retry;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Puts a {@link RetryPolicy} on the exchange, with the time it took the request, and with {@code status} a
 * {@link StatusRetry}, for the proxy client further down the chain, which does the retrying.
 *
 * <p>Traefik 3.7's settings, as its retry middleware applies them: {@code attempts}, {@code initialInterval} and
 * {@code timeout} are the policy; {@code status} (codes and ranges), {@code retryNonIdempotentMethod},
 * {@code maxRequestBodyBytes} (2 MiB by default, negative for any) and {@code disableRetryOnNetworkError} the status
 * retries. Without {@code status}, {@code maxRequestBodyBytes} and {@code retryNonIdempotentMethod} change nothing
 * (Traefik retries network errors for every method), and {@code disableRetryOnNetworkError} {@code true} is Traefik's
 * configuration error (nothing would ever be retried). Unlike Traefik, only a server's answer is retried on its
 * status, never one a later middleware of the chain gives, and only on a server not tried yet for the request.
 */
final class RetryPolicyHandler implements HttpHandler {
    /** Traefik's {@code maxRequestBodyBytes} when none is set (2 MiB). */
    static final long DEFAULT_MAX_REQUEST_BODY_BYTES = 2 * 1024 * 1024;

    private final RetryPolicy policy;
    private final Optional<StatusRetry> statusRetry;
    private final HttpHandler next;

    RetryPolicyHandler(RetryPolicy policy, Optional<StatusRetry> statusRetry, HttpHandler next) {
        this.policy = requireNonNull(policy, "policy");
        this.statusRetry = requireNonNull(statusRetry, "statusRetry");
        this.next = requireNonNull(next, "next");
    }

    /**
     * Reads {@code retry}'s settings.
     *
     * @throws MiddlewareException when {@code attempts} is below 1, a duration is negative, a setting has the wrong
     *     shape, a status is not a code or range, or {@code disableRetryOnNetworkError} is set without
     *     {@code status} (INVALID_SETTING), or an unknown setting is set (SETTING_NOT_APPLIED)
     */
    static UnaryOperator<HttpHandler> factory(Retry retry) {
        MiddlewareSettings settings = MiddlewareSettings.of(retry, retry.others());
        Duration timeout = settings.duration("timeout").orElse(Duration.ZERO);
        List<String> status = settings.strings("status");
        boolean noNetworkRetry = settings.bool("disableRetryOnNetworkError").orElse(false);
        boolean nonIdempotent = settings.bool("retryNonIdempotentMethod").orElse(false);
        long maxBody = settings.integer("maxRequestBodyBytes").orElse(DEFAULT_MAX_REQUEST_BODY_BYTES);
        settings.requireAllRead();
        if (noNetworkRetry && status.isEmpty()) {
            throw settings.invalid("disableRetryOnNetworkError",
                    "false unless status is set: a retry needs network errors or statuses to retry on");
        }
        Optional<StatusRetry> statusRetry = Optional.empty();
        if (!status.isEmpty()) {
            HttpCodeRanges statuses = HttpCodeRanges.parse(status).orElseThrow(() -> settings.invalid("status",
                    "status codes or ranges such as 503 or 500-599"));
            statusRetry = Optional.of(new StatusRetry(statuses, nonIdempotent, maxBody, !noNetworkRetry));
        }
        RetryPolicy policy;
        try {
            policy = new RetryPolicy(retry.attempts(), retry.initialInterval().orElse(Duration.ZERO), timeout);
        } catch (IllegalArgumentException badSetting) {
            throw new MiddlewareException(MiddlewareException.Kind.INVALID_SETTING, retry.name(), retry.type(),
                    badSetting.getMessage());
        }
        Optional<StatusRetry> statuses = statusRetry;
        return next -> new RetryPolicyHandler(policy, statuses, next);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.putAttachment(RetryPolicy.ATTACHMENT, policy);
        exchange.putAttachment(RetryPolicy.STARTED, System.nanoTime());
        statusRetry.ifPresent(retries -> exchange.putAttachment(StatusRetry.ATTACHMENT, retries));
        next.handleRequest(exchange);
    }
}
