package io.kvroute.proxy.health;

import io.kvroute.kv.model.HealthCheck;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to probe: the first probe at a random moment within the interval (so servers added together are not probed
 * together), then every {@code interval}, or every {@code unhealthyInterval} while DOWN. A non-positive interval
 * falls back to the default.
 */
final class ProbeSchedule {
    private ProbeSchedule() {
    }

    /** A random delay in {@code [0, interval)}. */
    static Duration firstDelay(HealthCheck spec) {
        return Duration.ofNanos(ThreadLocalRandom.current().nextLong(interval(spec).toNanos()));
    }

    static Duration nextDelay(HealthCheck spec, HealthState probeState) {
        return probeState == HealthState.DOWN ? unhealthyInterval(spec) : interval(spec);
    }

    static Duration interval(HealthCheck spec) {
        return positiveOr(spec.effectiveInterval(), HealthCheck.DEFAULT_INTERVAL);
    }

    static Duration unhealthyInterval(HealthCheck spec) {
        return positiveOr(spec.effectiveUnhealthyInterval(), interval(spec));
    }

    private static Duration positiveOr(Duration duration, Duration fallback) {
        return duration.isNegative() || duration.isZero() ? fallback : duration;
    }
}
