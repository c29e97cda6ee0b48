package io.kvroute.proxy.web;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.health.Ejection;
import io.kvroute.proxy.health.HealthState;
import io.kvroute.proxy.health.ProbeResult;
import java.time.Instant;
import java.util.Optional;

/**
 * One server of a load-balanced service as the dashboard shows it: its configuration (id, URL, weight, the agent
 * node that owns it), its health (state, since when, last probe, ejection) and whether an operator drained it here.
 *
 * @param keyName the server's key segment under {@code servers/} (its id when the key is not known)
 * @param usable whether the balancer may pick it now by health (UP or UNKNOWN, no ejection in force)
 * @param drained whether an operator drained it in this proxy (an override, not in the store)
 */
record ServerState(String id, String keyName, String url, long weight, Optional<String> node, HealthState state, boolean usable,
        boolean activelyChecked, Optional<Instant> since, Optional<ProbeResult> lastProbe, Optional<Ejection> ejection,
        boolean drained) {
    ServerState {
        requireNonNull(id, "id");
        requireNonNull(keyName, "keyName");
        requireNonNull(url, "url");
        requireNonNull(node, "node");
        requireNonNull(state, "state");
        requireNonNull(since, "since");
        requireNonNull(lastProbe, "lastProbe");
        requireNonNull(ejection, "ejection");
    }

    /** Traefik's {@code serverStatus} value: {@code UP} only while health lets the balancer pick it. */
    String traefikStatus() {
        return usable ? "UP" : "DOWN";
    }
}
