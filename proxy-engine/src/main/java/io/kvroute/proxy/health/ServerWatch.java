package io.kvroute.proxy.health;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.HealthCheck;
import io.kvroute.proxy.balancer.ServerKey;
import java.util.Optional;
import org.xnio.XnioExecutor;

/**
 * The {@link HealthChecker}'s mutable record of one watched server, touched only on the checker's thread: the
 * target, the spec it is probed with (none when not probed) and its prober, its health, and its pending timers.
 * {@code generation} grows whenever the probe schedule restarts, so results of superseded probes are recognised and
 * dropped; {@code sentAt} ({@link System#nanoTime()}) is when the last probe was sent, which the next one is timed
 * from. A stopped watch is out of the checker's map for good: {@code stopped} says so without a lookup.
 */
final class ServerWatch {
    final String url;
    ProbeTarget target;
    Optional<HealthCheck> probedSpec;
    Prober prober;
    ServerHealth health;
    int generation;
    boolean stopped;
    long sentAt;
    XnioExecutor.Key nextProbe;
    XnioExecutor.Key ejectionEnd;

    ServerWatch(ProbeTarget target, Optional<HealthCheck> probedSpec, ServerHealth health) {
        this.target = requireNonNull(target, "target");
        this.url = target.url();
        this.probedSpec = requireNonNull(probedSpec, "probedSpec");
        this.health = requireNonNull(health, "health");
    }

    ServerKey key() {
        return target.key();
    }

    /** Stops the probe schedule and closes the prober's connection; a probe in flight is dropped when it ends. */
    void stopProbing() {
        generation++;
        if (nextProbe != null) {
            nextProbe.remove();
            nextProbe = null;
        }
        if (prober != null) {
            prober.close();
            prober = null;
        }
    }

    void cancelEjectionEnd() {
        if (ejectionEnd != null) {
            ejectionEnd.remove();
            ejectionEnd = null;
        }
    }

    void stop() {
        stopped = true;
        stopProbing();
        cancelEjectionEnd();
    }
}
