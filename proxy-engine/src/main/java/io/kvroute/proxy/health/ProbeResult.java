package io.kvroute.proxy.health;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The outcome of one active probe: when it started, the status code if an HTTP response arrived, the error text if it
 * failed (a refused connection, a timeout, an unexpected status or answer), and how long it took. A passed TCP probe
 * has neither.
 */
public record ProbeResult(Instant at, OptionalInt status, Optional<String> error, Duration latency) {
    public ProbeResult {
        requireNonNull(at, "at");
        requireNonNull(status, "status");
        requireNonNull(error, "error");
        requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency: " + latency + " (expected: >= 0)");
        }
    }

    public static ProbeResult passed(Instant at, int status, Duration latency) {
        return new ProbeResult(at, OptionalInt.of(status), Optional.empty(), latency);
    }

    /** A TCP probe that connected and, if it was to, sent and read what it expected. */
    public static ProbeResult answered(Instant at, Duration latency) {
        return new ProbeResult(at, OptionalInt.empty(), Optional.empty(), latency);
    }

    public static ProbeResult failed(Instant at, OptionalInt status, String error, Duration latency) {
        return new ProbeResult(at, status, Optional.of(error), latency);
    }

    public boolean healthy() {
        return error.isEmpty();
    }

    /** {@code "status 200"}, the error text, or {@code "answered"} for a passed TCP probe. */
    public String describe() {
        return error.orElseGet(() -> status.isPresent() ? "status " + status.getAsInt() : "answered");
    }
}
