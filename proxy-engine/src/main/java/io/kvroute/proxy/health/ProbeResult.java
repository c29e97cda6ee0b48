package io.kvroute.proxy.health;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The outcome of one active probe: when it started, the status code if a response arrived, the error text if it
 * failed (a refused connection, a timeout, an unexpected status), and how long it took.
 */
public record ProbeResult(Instant at, OptionalInt status, Optional<String> error, Duration latency) {
    public ProbeResult {
        requireNonNull(at, "at");
        requireNonNull(status, "status");
        requireNonNull(error, "error");
        requireNonNull(latency, "latency");
        if (status.isEmpty() && error.isEmpty()) {
            throw new IllegalArgumentException("status and error: both empty (expected: a status code or an error)");
        }
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency: " + latency + " (expected: >= 0)");
        }
    }

    public static ProbeResult passed(Instant at, int status, Duration latency) {
        return new ProbeResult(at, OptionalInt.of(status), Optional.empty(), latency);
    }

    public static ProbeResult failed(Instant at, OptionalInt status, String error, Duration latency) {
        return new ProbeResult(at, status, Optional.of(error), latency);
    }

    public boolean healthy() {
        return error.isEmpty();
    }

    /** {@code "status 200"}, or the error text. */
    public String describe() {
        return error.orElseGet(() -> "status " + status.getAsInt());
    }
}
