package io.kvroute.agent.runtime;

import static java.util.Objects.requireNonNull;

import io.kvroute.agent.registration.ReconcileOutcome;
import io.kvroute.agent.registration.RegistrarStatus;
import io.kvroute.agent.registration.RegistrarStatus.LeaseState;
import io.kvroute.agent.registration.RegistrarStatus.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code /health} answers: healthy only while the registrar runs, the store answers, the latest reconcile pass
 * found (or put back) every key of the agent, the lease is alive and (with Docker enabled) the Docker event stream is
 * up; otherwise the reasons, one sentence each. Problems that leave the agent healthy, such as a services file edit
 * it refused (the last good services stay registered), are listed apart until fixed.
 *
 * @param healthy  true when nothing is wrong
 * @param reasons  why not, e.g. {@code store etcd http://...: not answering}; empty when healthy
 * @param store    the store's description
 * @param lease    the lease's state ({@code ACTIVE}, {@code LOST}, ...)
 * @param docker   {@code disabled}, {@code connected (API 1.41)} or {@code disconnected (reason)}
 * @param problems what the agent refused while carrying on, one line each, e.g. {@code /etc/kvroute/services.yml:4:
 *                 services[0].servers[0].url: ... (expected: ...); the last good services stay registered}
 */
public record AgentHealth(boolean healthy, List<String> reasons, String store, String lease, String docker,
        List<String> problems) {
    public AgentHealth {
        reasons = List.copyOf(requireNonNull(reasons, "reasons"));
        requireNonNull(store, "store");
        requireNonNull(lease, "lease");
        requireNonNull(docker, "docker");
        problems = List.copyOf(requireNonNull(problems, "problems"));
        if (healthy != reasons.isEmpty()) {
            throw new IllegalArgumentException("healthy: " + healthy + " with reasons " + reasons
                    + " (expected: healthy exactly when there are no reasons)");
        }
    }

    /**
     * @param status          the registrar's status
     * @param dockerEnabled   whether Docker is watched
     * @param dockerConnected whether its event stream is up
     * @param dockerDetail    the API version when connected, the reason when not
     * @param problems        what the agent refused while carrying on
     */
    static AgentHealth of(RegistrarStatus status, boolean dockerEnabled, boolean dockerConnected, String dockerDetail,
            List<String> problems) {
        List<String> reasons = new ArrayList<>();
        if (status.phase() != Phase.RUNNING) {
            reasons.add("registrar " + status.phase().name().toLowerCase(java.util.Locale.ROOT));
        }
        Optional<ReconcileOutcome> failed = status.lastReconcile().filter(outcome -> !outcome.succeeded());
        if (!status.storeConnected()) {
            reasons.add("store " + status.store() + ": not answering"
                    + failed.map(outcome -> " (" + outcome.summary() + ")").orElse(""));
        } else if (failed.isPresent()) {
            reasons.add("keys not confirmed in the store: the latest reconcile pass failed (" + failed.get().summary()
                    + ")");
        }
        if (status.leaseState() != LeaseState.ACTIVE) {
            reasons.add("lease " + status.leaseState().name().toLowerCase(java.util.Locale.ROOT)
                    + " (expected: active)");
        }
        String docker = !dockerEnabled ? "disabled" : (dockerConnected ? "connected" : "disconnected")
                + (dockerDetail.isEmpty() ? "" : " (" + dockerDetail + ")");
        if (dockerEnabled && !dockerConnected) {
            reasons.add("docker " + docker);
        }
        return new AgentHealth(reasons.isEmpty(), reasons, status.store(), status.leaseState().name(), docker,
                problems);
    }
}
