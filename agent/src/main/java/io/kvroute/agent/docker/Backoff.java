package io.kvroute.agent.docker;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Reconnect delays: exponential from {@code initial}, doubling per failed attempt, capped at {@code max}, and
 * reduced by a random share of up to {@code jitter} (0..1) so that many agents do not reconnect in step.
 */
public record Backoff(Duration initial, Duration max, double jitter) {
    /** Production default: 200 ms doubling to 30 s, up to 20 % jitter. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30), 0.2);

    public Backoff {
        requireNonNull(initial, "initial");
        requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial: " + initial + " (expected: > 0)");
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max: " + max + " (expected: >= initial " + initial + ")");
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter: " + jitter + " (expected: 0..1)");
        }
    }

    /**
     * The delay before reconnect attempt {@code attempt} (0 for the first retry).
     *
     * @param random a source of values in [0, 1)
     */
    public Duration delay(int attempt, DoubleSupplier random) {
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt: " + attempt + " (expected: >= 0)");
        }
        long maxNanos = max.toNanos();
        long nanos = initial.toNanos();
        for (int i = 0; i < attempt && nanos < maxNanos; i++) {
            nanos = nanos > maxNanos / 2 ? maxNanos : nanos * 2;
        }
        nanos = Math.min(nanos, maxNanos);
        double share = 1 - jitter * random.getAsDouble();
        return Duration.ofNanos(Math.max(1, (long) (nanos * share)));
    }
}
