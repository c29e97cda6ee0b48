package io.kvroute.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.agent.registration.ReconcileOutcome;
import io.kvroute.agent.registration.RegistrarStatus;
import io.kvroute.agent.registration.RegistrarStatus.LeaseState;
import io.kvroute.agent.registration.RegistrarStatus.Phase;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentHealthTest {
    private static RegistrarStatus status(Phase phase, boolean storeConnected, LeaseState lease,
            Optional<ReconcileOutcome> last) {
        return new RegistrarStatus(phase, "etcd http://127.0.0.1:2379", storeConnected, Optional.of("1a"), lease, last,
                2, 2, 4, List.of(), List.of());
    }

    @Test
    void healthyWhenRunningConnectedLeasedAndDockerUp() {
        AgentHealth health = AgentHealth.of(status(Phase.RUNNING, true, LeaseState.ACTIVE, Optional.empty()), true,
                true, "API 1.41", List.of());

        assertThat(health).isEqualTo(new AgentHealth(true, List.of(), "etcd http://127.0.0.1:2379", "ACTIVE",
                "connected (API 1.41)", List.of()));
    }

    @Test
    void dockerDisabledDoesNotMatter() {
        AgentHealth health = AgentHealth.of(status(Phase.RUNNING, true, LeaseState.ACTIVE, Optional.empty()), false,
                false, "", List.of());

        assertThat(health.healthy()).isTrue();
        assertThat(health.docker()).isEqualTo("disabled");
    }

    @Test
    void aFailedReconcileWhileTheStoreAnswersMeansTheKeysAreNotConfirmed() {
        ReconcileOutcome failed = new ReconcileOutcome(Instant.EPOCH, false,
                "etcd http://127.0.0.1:2379: transaction of 2 operation(s): lease 1a not found");

        AgentHealth health = AgentHealth.of(status(Phase.RUNNING, true, LeaseState.ACTIVE, Optional.of(failed)), false,
                false, "", List.of());

        assertThat(health.reasons()).containsExactly("keys not confirmed in the store: the latest reconcile pass failed"
                + " (etcd http://127.0.0.1:2379: transaction of 2 operation(s): lease 1a not found)");
    }

    @Test
    void aRefusedServicesFileIsAProblemOfAHealthyAgent() {
        String refused = "/etc/kvroute/services.yml:4: services[0].servers[0].url: \"ftp://x\" (expected: an "
                + "absolute http or https URL with a host, e.g. http://10.0.0.7:8081); the last good services stay "
                + "registered";

        AgentHealth health = AgentHealth.of(status(Phase.RUNNING, true, LeaseState.ACTIVE, Optional.empty()), false,
                false, "", List.of(refused));

        assertThat(health.healthy()).isTrue();
        assertThat(health.reasons()).isEmpty();
        assertThat(health.problems()).containsExactly(refused);
    }

    @Test
    void everyProblemIsOneReason() {
        ReconcileOutcome failed = new ReconcileOutcome(Instant.EPOCH, false, "etcd http://127.0.0.1:2379: list: no answer");

        AgentHealth health = AgentHealth.of(status(Phase.DRAINING, false, LeaseState.LOST, Optional.of(failed)), true,
                false, "docker engine at unix:///run/docker.sock: connection refused", List.of());

        assertThat(health.healthy()).isFalse();
        assertThat(health.reasons()).containsExactly(
                "registrar draining",
                "store etcd http://127.0.0.1:2379: not answering (etcd http://127.0.0.1:2379: list: no answer)",
                "lease lost (expected: active)",
                "docker disconnected (docker engine at unix:///run/docker.sock: connection refused)");
    }
}
