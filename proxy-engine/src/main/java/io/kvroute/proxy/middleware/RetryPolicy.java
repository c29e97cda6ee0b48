package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Traefik's {@code retry} settings for the proxy client, which does the retrying: at most {@code attempts} tries in
 * all (1 means no retry), and a retry only for a network error before any byte of the response was sent to the
 * client. The wait before retry n (1 for the first retry) is Traefik's exponential backoff:
 * {@code initialInterval * m^(n-1)} with {@code m = 2^(1/(attempts-1))}, so waits at most double over all attempts,
 * capped at {@link #MAX_INTERVAL}, then randomised by ±50%. No initial interval means no wait. A {@code timeout}
 * other than zero is the retry budget: a try that fails once that long has passed since the middleware took the
 * request is not retried (the wait before a retry may end after it, as in Traefik).
 *
 * <p>A chain containing a retry middleware puts its policy on the exchange, with the time it took the request
 * ({@link #of(HttpServerExchange)}, {@link #elapsed(HttpServerExchange)}).
 */
public record RetryPolicy(int attempts, Duration initialInterval, Duration timeout) {
    /** The longest wait before one retry (Traefik's backoff library default). */
    public static final Duration MAX_INTERVAL = Duration.ofSeconds(60);
    /** The fraction by which a wait is randomised either way. */
    public static final double RANDOMIZATION = 0.5;

    static final AttachmentKey<RetryPolicy> ATTACHMENT = AttachmentKey.create(RetryPolicy.class);
    /** {@link System#nanoTime()} when the retry middleware took the request. */
    static final AttachmentKey<Long> STARTED = AttachmentKey.create(Long.class);

    public RetryPolicy {
        requireNonNull(initialInterval, "initialInterval");
        requireNonNull(timeout, "timeout");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts: " + attempts + " (expected: >= 1)");
        }
        if (initialInterval.isNegative()) {
            throw new IllegalArgumentException("initialInterval: " + initialInterval + " (expected: >= 0)");
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: >= 0)");
        }
    }

    /** The policy a chain's retry middleware put on {@code exchange}, or empty when the router has none. */
    public static Optional<RetryPolicy> of(HttpServerExchange exchange) {
        return Optional.ofNullable(exchange.getAttachment(ATTACHMENT));
    }

    /** How long ago the retry middleware took {@code exchange}; zero when none did. */
    public static Duration elapsed(HttpServerExchange exchange) {
        Long started = exchange.getAttachment(STARTED);
        return started == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - started);
    }

    /**
     * Whether a try that failed {@code elapsed} after the middleware took the request may be retried as far as the
     * retry budget goes: always without a {@code timeout}, else while less than {@code timeout} has passed.
     */
    public boolean withinBudget(Duration elapsed) {
        return timeout.isZero() || elapsed.compareTo(timeout) < 0;
    }

    /** The wait before retry {@code retry} (1 for the first), randomised with {@code random}. */
    public Duration delayBeforeRetry(int retry, RandomGenerator random) {
        requireNonNull(random, "random");
        return delayBeforeRetry(retry, random.nextDouble());
    }

    /**
     * The wait before retry {@code retry} (1 for the first) for a uniform random value {@code random} in [0, 1):
     * 0 gives the shortest wait (half the interval), 0.5 the interval itself.
     */
    public Duration delayBeforeRetry(int retry, double random) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry: " + retry + " (expected: >= 1)");
        }
        if (!(random >= 0 && random < 1)) {
            throw new IllegalArgumentException("random: " + random + " (expected: 0 <= random < 1)");
        }
        if (attempts < 2 || initialInterval.isZero()) {
            return Duration.ZERO;
        }
        double multiplier = Math.pow(2, 1.0 / (attempts - 1));
        double interval = Math.min(initialInterval.toNanos() * Math.pow(multiplier, retry - 1),
                MAX_INTERVAL.toNanos());
        double randomised = interval * (1 - RANDOMIZATION + 2 * RANDOMIZATION * random);
        return Duration.ofNanos(Math.round(randomised));
    }
}
