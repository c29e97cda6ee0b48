package io.kvroute.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.balancer.ServerKey;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Traefik's {@code mode: grpc} health check against a real gRPC server: etcd serves grpc.health.v1.Health on its
 * client port (HTTP/2 without TLS). SERVING keeps the server UP; a frozen etcd (SIGSTOP) answers nothing and goes
 * DOWN, and UP again once it runs.
 */
class GrpcHealthProbeIT extends CheckerTestSupport {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    private static final ServerKey KEY = new ServerKey("etcd", "a");

    @Test
    void etcdServingIsUpAFrozenEtcdGoesDownAndComesBack() {
        watch(Set.of(new ProbeTarget(KEY, "http://" + ETCD.endpoint(),
                Optional.of(Specs.withMode(Specs.fast("/ignored").withTimeout(Duration.ofSeconds(2)), "grpc")))));

        ServerHealth up = awaitState(KEY, HealthState.UP);
        assertThat(up.activelyChecked()).isTrue();
        assertThat(up.lastProbe().map(ProbeResult::status)).contains(OptionalInt.of(200));

        ETCD.pause();
        ServerHealth down = awaitState(KEY, HealthState.DOWN);
        assertThat(down.lastProbe().flatMap(ProbeResult::error).orElseThrow()).contains("timeout after 2s");

        ETCD.resume();
        awaitState(KEY, HealthState.UP);
    }

    @Test
    void aGrpcCheckWithAnHttpsSchemeFailsAsTraefiksDoes() {
        watch(Set.of(new ProbeTarget(KEY, "http://" + ETCD.endpoint(),
                Optional.of(Specs.withScheme(Specs.withMode(Specs.fast(""), "grpc"), "https")))));

        ServerHealth down = awaitState(KEY, HealthState.DOWN);

        assertThat(down.lastProbe().flatMap(ProbeResult::error).orElseThrow())
                .isEqualTo("scheme \"https\" with mode grpc: Traefik's gRPC check dials no TLS and fails (expected: "
                        + "http, h2c or none)");
    }
}
