package io.kvroute.agent.runtime;

import static java.util.Objects.requireNonNull;

import io.kvroute.agent.docker.ContainerAction;
import io.kvroute.agent.registration.RegistrarListener;
import io.kvroute.agent.registration.RegistrarStatus;
import io.kvroute.agent.registration.SharedKeyConflict;
import io.kvroute.kv.store.KvStoreException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The agent's Micrometer meters (Prometheus names in brackets): Docker events by action
 * ({@code kvroute_agent_docker_events_total}), reconcile passes by outcome ({@code kvroute_agent_reconciles_total}),
 * corrections by kind ({@code kvroute_agent_reconcile_corrections_total}), lease grants and losses, shared-key
 * conflicts found, store errors by kind, store call latency by operation ({@code kvroute_agent_store_call_seconds}),
 * and gauges read from the registrar: servers owned, server and shared keys, current conflicts, store and Docker
 * connectivity. It is the registrar's {@link RegistrarListener}; its methods only count and never block.
 */
final class AgentMetrics implements RegistrarListener {
    private final MeterRegistry registry;

    AgentMetrics(MeterRegistry registry) {
        this.registry = requireNonNull(registry, "registry");
    }

    /** Registers the gauges that read the running agent; they hold their suppliers strongly (no NaN after a GC). */
    void bindGauges(Supplier<RegistrarStatus> status, Supplier<Integer> serversOwned, Supplier<Boolean> dockerConnected) {
        Gauge.builder("kvroute.agent.servers", serversOwned, servers -> servers.get())
                .description("Servers this agent registers (desired)").strongReference(true).register(registry);
        Gauge.builder("kvroute.agent.server.keys", status, s -> s.get().serverKeys())
                .description("Server keys written on the current lease").strongReference(true).register(registry);
        Gauge.builder("kvroute.agent.shared.keys", status, s -> s.get().sharedKeys())
                .description("Shared keys asserted on the current lease").strongReference(true).register(registry);
        Gauge.builder("kvroute.agent.conflicts.current", status, s -> s.get().conflicts().size())
                .description("Shared keys another agent declares differently, as of the latest pass")
                .strongReference(true).register(registry);
        Gauge.builder("kvroute.agent.store.connected", status, s -> s.get().storeConnected() ? 1 : 0)
                .description("1 while the store answers").strongReference(true).register(registry);
        Gauge.builder("kvroute.agent.docker.connected", dockerConnected, c -> c.get() ? 1 : 0)
                .description("1 while the Docker event stream is up (0 also when Docker is disabled)")
                .strongReference(true).register(registry);
    }

    /** One Docker event was received. */
    void dockerEvent(ContainerAction action) {
        Counter.builder("kvroute.agent.docker.events").description("Docker events received, by action")
                .tag("action", action.dockerName()).register(registry).increment();
    }

    @Override
    public void reconciled(boolean succeeded) {
        Counter.builder("kvroute.agent.reconciles").description("Reconcile passes, by outcome")
                .tag("outcome", succeeded ? "success" : "failure").register(registry).increment();
    }

    @Override
    public void corrected(String key, Correction correction) {
        Counter.builder("kvroute.agent.reconcile.corrections")
                .description("Keys put or deleted because the store differed from the desired state")
                .tag("correction", correction.name().toLowerCase(Locale.ROOT)).register(registry).increment();
    }

    @Override
    public void leaseGranted(String leaseId) {
        Counter.builder("kvroute.agent.lease.grants").description("Leases granted").register(registry).increment();
    }

    @Override
    public void leaseLost(String leaseId) {
        Counter.builder("kvroute.agent.lease.losses").description("Leases found gone (renewal lost)")
                .register(registry).increment();
    }

    @Override
    public void conflictFound(SharedKeyConflict conflict) {
        Counter.builder("kvroute.agent.conflicts").description("Conflicts on shared keys found")
                .register(registry).increment();
    }

    @Override
    public void storeError(KvStoreException.Kind kind) {
        Counter.builder("kvroute.agent.store.errors").description("Failed store calls, by kind")
                .tag("kind", kind.name().toLowerCase(Locale.ROOT)).register(registry).increment();
    }

    @Override
    public void storeCall(String operation, Duration latency) {
        Timer.builder("kvroute.agent.store.call").description("Store call latency, by operation")
                .tag("operation", operation).register(registry).record(latency);
    }
}
