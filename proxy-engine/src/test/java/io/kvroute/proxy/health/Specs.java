package io.kvroute.proxy.health;

import com.google.common.collect.ImmutableSortedMap;
import io.kvroute.kv.model.HealthCheck;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** Health check specs with millisecond intervals for tests. */
final class Specs {
    static final Duration INTERVAL = Duration.ofMillis(100);
    static final Duration TIMEOUT = Duration.ofMillis(200);

    private Specs() {
    }

    /** {@code path}, every 100ms, timeout 200ms, everything else default. */
    static HealthCheck fast(String path) {
        return HealthCheck.ofPath(path).withInterval(INTERVAL).withTimeout(TIMEOUT);
    }

    static HealthCheck withStatus(HealthCheck spec, int status) {
        return new HealthCheck(spec.scheme(), spec.mode(), spec.path(), spec.method(), OptionalInt.of(status),
                spec.port(), spec.interval(), spec.timeout(), spec.unhealthyInterval(), spec.hostname(),
                spec.followRedirects(), spec.headers());
    }

    static HealthCheck withMethod(HealthCheck spec, String method) {
        return new HealthCheck(spec.scheme(), spec.mode(), spec.path(), Optional.of(method), spec.status(),
                spec.port(), spec.interval(), spec.timeout(), spec.unhealthyInterval(), spec.hostname(),
                spec.followRedirects(), spec.headers());
    }

    static HealthCheck withScheme(HealthCheck spec, String scheme) {
        return new HealthCheck(Optional.of(scheme), spec.mode(), spec.path(), spec.method(), spec.status(),
                spec.port(), spec.interval(), spec.timeout(), spec.unhealthyInterval(), spec.hostname(),
                spec.followRedirects(), spec.headers());
    }

    static HealthCheck withMode(HealthCheck spec, String mode) {
        return new HealthCheck(spec.scheme(), Optional.of(mode), spec.path(), spec.method(), spec.status(),
                spec.port(), spec.interval(), spec.timeout(), spec.unhealthyInterval(), spec.hostname(),
                spec.followRedirects(), spec.headers());
    }

    static HealthCheck withUnhealthyInterval(HealthCheck spec, Duration unhealthyInterval) {
        return new HealthCheck(spec.scheme(), spec.mode(), spec.path(), spec.method(), spec.status(),
                spec.port(), spec.interval(), spec.timeout(), Optional.of(unhealthyInterval), spec.hostname(),
                spec.followRedirects(), spec.headers());
    }

    static HealthCheck withFollowRedirects(HealthCheck spec, boolean follow) {
        return new HealthCheck(spec.scheme(), spec.mode(), spec.path(), spec.method(), spec.status(),
                spec.port(), spec.interval(), spec.timeout(), spec.unhealthyInterval(), spec.hostname(),
                Optional.of(follow), spec.headers());
    }

    static HealthCheck withHeader(HealthCheck spec, String name, String value) {
        return spec.withHeaders(ImmutableSortedMap.<String, String>naturalOrder().putAll(spec.headers())
                .put(name, value).build());
    }
}
