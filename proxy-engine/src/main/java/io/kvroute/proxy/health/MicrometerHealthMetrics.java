package io.kvroute.proxy.health;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.balancer.ServerKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Locale;

/**
 * {@link HealthMetrics} as Micrometer counters, tagged {@code service} and {@code server}:
 * {@value #PROBES} (tag {@code result}: passed, failed), {@value #STATE_CHANGES} (tag {@code state}: the new state)
 * and {@value #EJECTIONS}. A removed server's meters are removed from the registry.
 */
public final class MicrometerHealthMetrics implements HealthMetrics {
    public static final String PROBES = "kvroute.health.probes";
    public static final String STATE_CHANGES = "kvroute.health.state.changes";
    public static final String EJECTIONS = "kvroute.health.ejections";
    private static final List<String> NAMES = List.of(PROBES, STATE_CHANGES, EJECTIONS);

    private final MeterRegistry registry;

    public MicrometerHealthMetrics(MeterRegistry registry) {
        this.registry = requireNonNull(registry, "registry");
    }

    @Override
    public void probed(ServerKey key, ProbeResult result) {
        counter(PROBES, "probes sent to the server", key)
                .tag("result", result.healthy() ? "passed" : "failed")
                .register(registry)
                .increment();
    }

    @Override
    public void stateChanged(HealthChange change) {
        counter(STATE_CHANGES, "health state changes of the server", change.key())
                .tag("state", change.to().name().toLowerCase(Locale.ROOT))
                .register(registry)
                .increment();
    }

    @Override
    public void ejected(ServerKey key, Ejection ejection) {
        counter(EJECTIONS, "passive ejections of the server", key).register(registry).increment();
    }

    @Override
    public void removed(ServerKey key) {
        List<Meter> meters = registry.getMeters().stream()
                .filter(meter -> NAMES.contains(meter.getId().getName()))
                .filter(meter -> key.service().equals(meter.getId().getTag("service"))
                        && key.serverId().equals(meter.getId().getTag("server")))
                .toList();
        meters.forEach(registry::remove);
    }

    private static Counter.Builder counter(String name, String description, ServerKey key) {
        return Counter.builder(name).description(description).tag("service", key.service())
                .tag("server", key.serverId());
    }
}
