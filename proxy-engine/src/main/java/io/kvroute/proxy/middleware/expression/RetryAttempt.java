package io.kvroute.proxy.middleware.expression;

import static java.util.Objects.requireNonNull;

/**
 * What a {@link RetryExpression} reads of one finished attempt of a request, as oxy's buffer gives it:
 * {@code attempts} tried so far (1 after the first), the {@code responseCode} of the attempt's answer (502 or 504
 * when it got none: Traefik's answer to a network error or a timeout) and the request's {@code method}.
 */
public record RetryAttempt(int attempts, int responseCode, String method) {
    public RetryAttempt {
        requireNonNull(method, "method");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts: " + attempts + " (expected: >= 1)");
        }
    }
}
