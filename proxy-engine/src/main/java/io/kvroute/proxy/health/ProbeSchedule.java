package io.kvroute.proxy.health;

import io.kvroute.kv.model.HealthCheck;
import io.kvroute.kv.model.Secrets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When to probe: the first probe at a random moment within the interval (so servers added together are not probed
 * together), then every {@code interval}, or every {@code unhealthyInterval} while DOWN. A non-positive interval
 * falls back to the default; a check whose mode is not {@code http} (nor {@code tcp} for a TCP server) is not probed
 * at all.
 */
final class ProbeSchedule {
    private static final Logger log = LoggerFactory.getLogger(ProbeSchedule.class);

    private ProbeSchedule() {
    }

    /** The spec {@code target} is probed with: its health check when an HTTP one or a TCP server's, else none. */
    static Optional<HealthCheck> probedSpec(ProbeTarget target) {
        Optional<HealthCheck> spec = target.healthCheck();
        if (target.tcpCheck().isPresent()) {
            return spec;
        }
        String mode = spec.flatMap(HealthCheck::mode).orElse("http");
        if (!mode.isEmpty() && !mode.toLowerCase(Locale.ROOT).equals("http")) {
            log.warn("server {} of service {}: health check mode \"{}\" is not supported (expected: http); "
                    + "the server is not probed and counts as UP", Secrets.hideUrlCredentials(target.url()),
                    target.key().service(), mode);
            return Optional.empty();
        }
        return spec;
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
