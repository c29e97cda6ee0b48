package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSortedMap;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;

/**
 * An active health check of a load-balanced service ({@code loadBalancer/healthCheck}). Absent fields take
 * Traefik's defaults through the {@code effective...} methods; the port is range-checked by the mappers, not here,
 * so a bad value stays visible in the model.
 */
public record HealthCheck(
        Optional<String> scheme,
        Optional<String> mode,
        Optional<String> path,
        Optional<String> method,
        OptionalInt status,
        OptionalInt port,
        Optional<Duration> interval,
        Optional<Duration> timeout,
        Optional<Duration> unhealthyInterval,
        Optional<String> hostname,
        Optional<Boolean> followRedirects,
        SortedMap<String, String> headers) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    public HealthCheck {
        requireNonNull(scheme, "scheme");
        requireNonNull(mode, "mode");
        requireNonNull(path, "path");
        requireNonNull(method, "method");
        requireNonNull(status, "status");
        requireNonNull(port, "port");
        requireNonNull(interval, "interval");
        requireNonNull(timeout, "timeout");
        requireNonNull(unhealthyInterval, "unhealthyInterval");
        requireNonNull(hostname, "hostname");
        requireNonNull(followRedirects, "followRedirects");
        headers = ImmutableSortedMap.copyOf(requireNonNull(headers, "headers"));
    }

    /** A check of {@code path} with every other field at its default. */
    public static HealthCheck ofPath(String path) {
        return new HealthCheck(Optional.empty(), Optional.empty(), Optional.of(path), Optional.empty(),
                OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), ImmutableSortedMap.of());
    }

    public Duration effectiveInterval() {
        return interval.orElse(DEFAULT_INTERVAL);
    }

    public Duration effectiveTimeout() {
        return timeout.orElse(DEFAULT_TIMEOUT);
    }

    /** The interval used while the server is unhealthy: the given one, else the regular interval. */
    public Duration effectiveUnhealthyInterval() {
        return unhealthyInterval.orElse(effectiveInterval());
    }

    public boolean effectiveFollowRedirects() {
        return followRedirects.orElse(true);
    }

    public HealthCheck withInterval(Duration newInterval) {
        return new HealthCheck(scheme, mode, path, method, status, port, Optional.of(newInterval), timeout,
                unhealthyInterval, hostname, followRedirects, headers);
    }

    public HealthCheck withPort(int newPort) {
        return new HealthCheck(scheme, mode, path, method, status, OptionalInt.of(newPort), interval, timeout,
                unhealthyInterval, hostname, followRedirects, headers);
    }

    public HealthCheck withScheme(String newScheme) {
        return new HealthCheck(Optional.of(newScheme), mode, path, method, status, port, interval, timeout,
                unhealthyInterval, hostname, followRedirects, headers);
    }

    public HealthCheck withTimeout(Duration newTimeout) {
        return new HealthCheck(scheme, mode, path, method, status, port, interval, Optional.of(newTimeout),
                unhealthyInterval, hostname, followRedirects, headers);
    }

    public HealthCheck withHostname(String newHostname) {
        return new HealthCheck(scheme, mode, path, method, status, port, interval, timeout, unhealthyInterval,
                Optional.of(newHostname), followRedirects, headers);
    }

    public HealthCheck withHeaders(SortedMap<String, String> newHeaders) {
        return new HealthCheck(scheme, mode, path, method, status, port, interval, timeout, unhealthyInterval,
                hostname, followRedirects, newHeaders);
    }
}
