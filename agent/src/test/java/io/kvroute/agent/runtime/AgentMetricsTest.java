package io.kvroute.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.agent.docker.ContainerAction;
import io.kvroute.agent.registration.RegistrarListener.Correction;
import io.kvroute.agent.registration.RegistrarStatus;
import io.kvroute.agent.registration.RegistrarStatus.LeaseState;
import io.kvroute.agent.registration.RegistrarStatus.Phase;
import io.kvroute.agent.registration.SharedKeyConflict;
import io.kvroute.kv.store.KvStoreException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentMetricsTest {
    @Test
    void countsEventsAndRegistrarReportsAndReadsGaugesAfterAGarbageCollection() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AgentMetrics metrics = new AgentMetrics(registry);
        RegistrarStatus status = new RegistrarStatus(Phase.RUNNING, "etcd", true, Optional.of("1a"), LeaseState.ACTIVE,
                Optional.empty(), 4, 3, 7, List.of(new SharedKeyConflict("k", "a", "b")), List.of());
        metrics.bindGauges(() -> status, () -> 2, () -> true);

        metrics.dockerEvent(ContainerAction.KILL);
        metrics.dockerEvent(ContainerAction.KILL);
        metrics.corrected("k", Correction.DELETE_EXTRA);
        metrics.leaseGranted("1a");
        metrics.leaseLost("1a");
        metrics.conflictFound(new SharedKeyConflict("k", "a", "b"));
        metrics.storeError(KvStoreException.Kind.TIMEOUT);
        metrics.storeCall("list", Duration.ofMillis(5));
        metrics.reconciled(false);
        System.gc();

        assertThat(registry.scrape()).contains(
                "kvroute_agent_docker_events_total{action=\"kill\"} 2.0",
                "kvroute_agent_reconcile_corrections_total{correction=\"delete_extra\"} 1.0",
                "kvroute_agent_lease_grants_total 1.0",
                "kvroute_agent_lease_losses_total 1.0",
                "kvroute_agent_conflicts_total 1.0",
                "kvroute_agent_store_errors_total{kind=\"timeout\"} 1.0",
                "kvroute_agent_store_call_seconds_count{operation=\"list\"} 1",
                "kvroute_agent_reconciles_total{outcome=\"failure\"} 1.0",
                "kvroute_agent_servers 2.0",
                "kvroute_agent_server_keys 4.0",
                "kvroute_agent_shared_keys 3.0",
                "kvroute_agent_conflicts_current 1.0",
                "kvroute_agent_store_connected 1.0",
                "kvroute_agent_docker_connected 1.0");
    }
}
