package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * Retries a failed request ({@code retry}) up to {@code attempts} times with exponential backoff from
 * {@code initialInterval}; newer Traefik settings (timeout, status, ...) are kept untyped in {@code others}.
 */
public record Retry(String name, int attempts, Optional<Duration> initialInterval, RawSettings others)
        implements Middleware {
    public static final String TYPE = "retry";

    public Retry {
        Names.check("name", name);
        requireNonNull(initialInterval, "initialInterval");
        requireNonNull(others, "others");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
