package io.kvroute.proxy.health;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The proxy-wide health policy (Traefik's health check spec has no thresholds): {@code rise} consecutive passed
 * probes bring a DOWN server back UP, {@code fall} consecutive failed probes take a server DOWN, a passive
 * ejection lasts {@code firstEjection}, doubling with each ejection in a row up to {@code maxEjection}, and
 * {@code timeoutsToEject} requests in a row whose response headers did not come in time eject a server.
 */
public record HealthSettings(int rise, int fall, Duration firstEjection, Duration maxEjection, int timeoutsToEject) {
    public static final int DEFAULT_RISE = 2;
    public static final int DEFAULT_FALL = 2;
    public static final Duration DEFAULT_FIRST_EJECTION = Duration.ofSeconds(5);
    public static final Duration DEFAULT_MAX_EJECTION = Duration.ofSeconds(60);
    public static final int DEFAULT_TIMEOUTS_TO_EJECT = 3;

    public HealthSettings {
        requireNonNull(firstEjection, "firstEjection");
        requireNonNull(maxEjection, "maxEjection");
        if (rise < 1) {
            throw new IllegalArgumentException("rise: " + rise + " (expected: >= 1)");
        }
        if (fall < 1) {
            throw new IllegalArgumentException("fall: " + fall + " (expected: >= 1)");
        }
        if (firstEjection.isNegative() || firstEjection.isZero()) {
            throw new IllegalArgumentException("firstEjection: " + firstEjection + " (expected: > 0)");
        }
        if (maxEjection.compareTo(firstEjection) < 0) {
            throw new IllegalArgumentException(
                    "maxEjection: " + maxEjection + " (expected: >= firstEjection " + firstEjection + ")");
        }
        if (timeoutsToEject < 1) {
            throw new IllegalArgumentException("timeoutsToEject: " + timeoutsToEject + " (expected: >= 1)");
        }
    }

    /** These thresholds and ejections, and {@value #DEFAULT_TIMEOUTS_TO_EJECT} timeouts in a row to eject. */
    public HealthSettings(int rise, int fall, Duration firstEjection, Duration maxEjection) {
        this(rise, fall, firstEjection, maxEjection, DEFAULT_TIMEOUTS_TO_EJECT);
    }

    /** Rise 2, fall 2, ejections of 5 s doubling up to 60 s, 3 timeouts in a row eject. */
    public static HealthSettings defaults() {
        return new HealthSettings(DEFAULT_RISE, DEFAULT_FALL, DEFAULT_FIRST_EJECTION, DEFAULT_MAX_EJECTION);
    }

    /** These settings with {@code count} timeouts in a row to eject a server. */
    public HealthSettings withTimeoutsToEject(int count) {
        return new HealthSettings(rise, fall, firstEjection, maxEjection, count);
    }

    /** How long the {@code streak}-th ejection in a row lasts: {@code firstEjection * 2^(streak-1)}, capped. */
    public Duration ejectionBackoff(int streak) {
        if (streak < 1) {
            throw new IllegalArgumentException("streak: " + streak + " (expected: >= 1)");
        }
        Duration backoff = firstEjection;
        for (int i = 1; i < streak && backoff.compareTo(maxEjection) < 0; i++) {
            backoff = backoff.multipliedBy(2);
        }
        return backoff.compareTo(maxEjection) > 0 ? maxEjection : backoff;
    }
}
