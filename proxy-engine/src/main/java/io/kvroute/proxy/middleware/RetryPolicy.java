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
 * capped at {@link #MAX_INTERVAL}, then randomised by ±50%. No initial interval means no wait.
 *
 * <p>A chain containing a retry middleware puts its policy on the exchange ({@link #of(HttpServerExchange)}).
 */
public record RetryPolicy(int attempts, Duration initialInterval) {
    /** The longest wait before one retry (Traefik's backoff library default). */
    public static final Duration MAX_INTERVAL = Duration.ofSeconds(60);
    /** The fraction by which a wait is randomised either way. */
    public static final double RANDOMIZATION = 0.5;

    static final AttachmentKey<RetryPolicy> ATTACHMENT = AttachmentKey.create(RetryPolicy.class);

    public RetryPolicy {
        requireNonNull(initialInterval, "initialInterval");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts: " + attempts + " (expected: >= 1)");
        }
        if (initialInterval.isNegative()) {
            throw new IllegalArgumentException("initialInterval: " + initialInterval + " (expected: >= 0)");
        }
    }

    /** The policy a chain's retry middleware put on {@code exchange}, or empty when the router has none. */
    public static Optional<RetryPolicy> of(HttpServerExchange exchange) {
        return Optional.ofNullable(exchange.getAttachment(ATTACHMENT));
    }

    /**
     * Whether another try may follow {@code triesMade} tries (the first request counts as one) that failed with a
     * network error; never once the response to the client has started.
     */
    public boolean allowsRetry(int triesMade, boolean responseStarted) {
        return !responseStarted && triesMade < attempts;
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
