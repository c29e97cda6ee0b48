package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The active health check of a TCP load balancer ({@code tcp/services/<name>/loadBalancer/healthCheck}), Traefik's
 * {@code TCPServerHealthCheck}: dial the server (at {@code port} instead of its own when set), write {@code send} if
 * not empty, read until {@code expect} if not empty, all within {@code timeout}; every {@code interval} while the
 * server is up, every {@code unhealthyInterval} (empty: {@code interval}) while it is down. Absent durations are
 * Traefik's defaults ({@code SetDefaults}: 30s and 5s).
 */
public record TcpHealthCheck(OptionalInt port, String send, String expect, Duration interval,
        Optional<Duration> unhealthyInterval, Duration timeout) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** The longest {@code send} or {@code expect} Traefik uses (bytes); a longer one is dropped. */
    public static final int MAX_PAYLOAD_BYTES = 65535;

    public TcpHealthCheck {
        requireNonNull(port, "port");
        requireNonNull(send, "send");
        requireNonNull(expect, "expect");
        requireNonNull(interval, "interval");
        requireNonNull(unhealthyInterval, "unhealthyInterval");
        requireNonNull(timeout, "timeout");
    }

    /** A connect-only check with Traefik's defaults. */
    public static TcpHealthCheck defaults() {
        return new TcpHealthCheck(OptionalInt.empty(), "", "", DEFAULT_INTERVAL, Optional.empty(), DEFAULT_TIMEOUT);
    }

    /** The interval while the server is down: {@code unhealthyInterval}, else {@code interval}. */
    public Duration effectiveUnhealthyInterval() {
        return unhealthyInterval.orElse(interval);
    }
}
