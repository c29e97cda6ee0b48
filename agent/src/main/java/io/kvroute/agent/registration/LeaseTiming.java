package io.kvroute.agent.registration;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How an agent's lease is timed, each value checked here once, naming its flag.
 *
 * @param ttl               {@code --ttl}: the lease TTL, how long the keys outlive a crash (the store keeps the lease
 *                          alive every TTL/3); at least one second, the store's unit
 * @param reconcileInterval {@code --reconcile-interval}: the periodic backstop reconcile, on top of the event-driven
 *                          ones
 */
public record LeaseTiming(Duration ttl, Duration reconcileInterval) {
    /** CLI.md's defaults: a 15 s TTL, a reconcile every 30 s. */
    public static final LeaseTiming DEFAULT = new LeaseTiming(Duration.ofSeconds(15), Duration.ofSeconds(30));

    public LeaseTiming {
        requireNonNull(ttl, "ttl");
        requireNonNull(reconcileInterval, "reconcileInterval");
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("--ttl: " + ttl.toMillis() + "ms (expected: >= 1s)");
        }
        if (reconcileInterval.isNegative() || reconcileInterval.isZero()) {
            throw new IllegalArgumentException("--reconcile-interval: " + reconcileInterval.toMillis()
                    + "ms (expected: > 0s)");
        }
    }
}
