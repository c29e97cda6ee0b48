package io.kvroute.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.proxy.balancer.ServerKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class MicrometerHealthMetricsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final ServerKey A = new ServerKey("app", "a");
    private static final ServerKey B = new ServerKey("app", "b");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerHealthMetrics metrics = new MicrometerHealthMetrics(registry);

    private double count(String name, ServerKey key, String... tags) {
        return registry.get(name).tag("service", key.service()).tag("server", key.serverId()).tags(tags).counter()
                .count();
    }

    @Test
    void countsProbesChangesAndEjectionsPerServer() {
        metrics.probed(A, ProbeResult.passed(T0, 200, Duration.ofMillis(1)));
        metrics.probed(A, ProbeResult.passed(T0, 200, Duration.ofMillis(1)));
        metrics.probed(A, ProbeResult.failed(T0, OptionalInt.empty(), "connect refused", Duration.ZERO));
        metrics.stateChanged(new HealthChange(A, "http://a", HealthState.UP, HealthState.DOWN, T0, "why"));
        metrics.ejected(B, new Ejection(T0.plusSeconds(5), "timeout", Duration.ofSeconds(5), 1));

        assertThat(count(MicrometerHealthMetrics.PROBES, A, "result", "passed")).isEqualTo(2.0);
        assertThat(count(MicrometerHealthMetrics.PROBES, A, "result", "failed")).isEqualTo(1.0);
        assertThat(count(MicrometerHealthMetrics.STATE_CHANGES, A, "state", "down")).isEqualTo(1.0);
        assertThat(count(MicrometerHealthMetrics.EJECTIONS, B)).isEqualTo(1.0);
    }

    @Test
    void aRemovedServerLosesItsMetersAndOnlyThose() {
        metrics.probed(A, ProbeResult.passed(T0, 200, Duration.ofMillis(1)));
        metrics.ejected(A, new Ejection(T0.plusSeconds(5), "timeout", Duration.ofSeconds(5), 1));
        metrics.probed(B, ProbeResult.passed(T0, 200, Duration.ofMillis(1)));

        metrics.removed(A);

        assertThat(registry.getMeters()).extracting(meter -> meter.getId().getTag("server")).containsExactly("b");
    }
}
