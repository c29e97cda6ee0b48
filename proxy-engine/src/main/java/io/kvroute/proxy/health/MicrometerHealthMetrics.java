package io.kvroute.proxy.health;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.balancer.ServerKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link HealthMetrics} as Micrometer counters, tagged {@code service} and {@code server}:
 * {@value #PROBES} (tag {@code result}: passed, failed), {@value #STATE_CHANGES} (tag {@code state}: the new state)
 * and {@value #EJECTIONS}. A removed server's meters are removed from the registry. The probe counters of each
 * server are kept at hand: a probe is counted without a registry lookup.
 */
public final class MicrometerHealthMetrics implements HealthMetrics {
    public static final String PROBES = "kvroute.health.probes";
    public static final String STATE_CHANGES = "kvroute.health.state.changes";
    public static final String EJECTIONS = "kvroute.health.ejections";
    private static final List<String> NAMES = List.of(PROBES, STATE_CHANGES, EJECTIONS);

    private final MeterRegistry registry;
    private final Map<ServerKey, ProbeCounters> probeCounters = new ConcurrentHashMap<>();

    public MicrometerHealthMetrics(MeterRegistry registry) {
        this.registry = requireNonNull(registry, "registry");
    }

    @Override
    public void probed(ServerKey key, ProbeResult result) {
        ProbeCounters counters = probeCounters.computeIfAbsent(key, ProbeCounters::new);
        (result.healthy() ? counters.passed() : counters.failed()).increment();
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
        probeCounters.remove(key);
        List<Meter> meters = registry.getMeters().stream()
                .filter(meter -> NAMES.contains(meter.getId().getName()))
                .filter(meter -> key.service().equals(meter.getId().getTag("service"))
                        && key.serverId().equals(meter.getId().getTag("server")))
                .toList();
        meters.forEach(registry::remove);
    }

    /** A server's two probe counters, registered on first use. */
    private final class ProbeCounters {
        private final ServerKey key;
        private Counter passed;
        private Counter failed;

        ProbeCounters(ServerKey key) {
            this.key = key;
        }

        Counter passed() {
            if (passed == null) {
                passed = probes("passed");
            }
            return passed;
        }

        Counter failed() {
            if (failed == null) {
                failed = probes("failed");
            }
            return failed;
        }

        private Counter probes(String result) {
            return counter(PROBES, "probes sent to the server", key).tag("result", result).register(registry);
        }
    }

    private static Counter.Builder counter(String name, String description, ServerKey key) {
        return Counter.builder(name).description(description).tag("service", key.service())
                .tag("server", key.serverId());
    }
}
