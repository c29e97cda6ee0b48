package io.kvroute.proxy.health;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.HealthCheck;
import io.kvroute.proxy.balancer.ServerKey;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;

/**
 * The {@link HealthChecker}'s mutable record of one watched server, touched only on the checker's thread: the
 * target, the spec it is probed with (none when not probed), its health, and its pending timers. {@code generation}
 * grows whenever the probe schedule restarts, so results of superseded probes are recognised and dropped.
 */
final class ServerWatch {
    final String url;
    ProbeTarget target;
    Optional<HealthCheck> probedSpec;
    ServerHealth health;
    int generation;
    ScheduledFuture<?> nextProbe;
    ScheduledFuture<?> ejectionEnd;

    ServerWatch(ProbeTarget target, Optional<HealthCheck> probedSpec, ServerHealth health) {
        this.target = requireNonNull(target, "target");
        this.url = target.url();
        this.probedSpec = requireNonNull(probedSpec, "probedSpec");
        this.health = requireNonNull(health, "health");
    }

    ServerKey key() {
        return target.key();
    }

    /** Stops the probe schedule; a probe in flight is dropped when it answers. */
    void stopProbing() {
        generation++;
        if (nextProbe != null) {
            nextProbe.cancel(false);
            nextProbe = null;
        }
    }

    void cancelEjectionEnd() {
        if (ejectionEnd != null) {
            ejectionEnd.cancel(false);
            ejectionEnd = null;
        }
    }

    void stop() {
        stopProbing();
        cancelEjectionEnd();
    }
}
