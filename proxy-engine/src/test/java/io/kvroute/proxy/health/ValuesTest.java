package io.kvroute.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.kv.model.HealthCheck;
import io.kvroute.kv.model.LoadBalancerService;
import io.kvroute.kv.model.Server;
import io.kvroute.proxy.balancer.ServerKey;
import io.kvroute.proxy.upstream.ServerTls;
import io.kvroute.proxy.upstream.ServerTlsSettings;
import io.kvroute.proxy.upstream.TransportException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Validation and small behaviour of the value records. */
class ValuesTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void serverKeysNeedBothNamesAndSortByServiceThenId() {
        assertThatThrownBy(() -> new ServerKey("", "a")).hasMessage("service: \"\" (expected: a service name)");
        assertThatThrownBy(() -> new ServerKey("app", "")).hasMessage("serverId: \"\" (expected: a server id)");
        assertThat(List.of(new ServerKey("b", "a"), new ServerKey("a", "b"), new ServerKey("a", "a")).stream()
                .sorted().map(ServerKey::toString)).containsExactly("a/a", "a/b", "b/a");
    }

    @Test
    void allOfAServiceGivesEveryServerTheServicesCheckAndTransportTls() throws TransportException {
        HealthCheck check = HealthCheck.ofPath("/health");
        LoadBalancerService service = LoadBalancerService.of("app",
                List.of(Server.of("h-node1-web-1-8080", "https://10.0.0.1:8080"),
                        Server.of("h-node2-web-1-8080", "https://10.0.0.2:8080")))
                .withHealthCheck(Optional.of(check));
        ServerTls named = ServerTls.compile(new ServerTlsSettings("app.internal", false, List.of(), List.of(), ""));

        assertThat(ProbeTarget.allOf(service, named)).containsExactlyInAnyOrder(
                new ProbeTarget(new ServerKey("app", "h-node1-web-1-8080"), "https://10.0.0.1:8080",
                        Optional.of(check), named),
                new ProbeTarget(new ServerKey("app", "h-node2-web-1-8080"), "https://10.0.0.2:8080",
                        Optional.of(check), named));
        assertThat(ProbeTarget.allOf(service, named)).doesNotContain(
                ProbeTarget.of("app", "h-node1-web-1-8080", "https://10.0.0.1:8080", Optional.of(check)));
    }

    @Test
    void aProbeResultHasAStatusAnErrorOrPassedOverTcp() {
        assertThat(ProbeResult.passed(T0, 204, Duration.ofMillis(2)).describe()).isEqualTo("status 204");
        assertThat(ProbeResult.failed(T0, OptionalInt.empty(), "connect refused", Duration.ZERO).healthy()).isFalse();
        assertThat(ProbeResult.answered(T0, Duration.ofMillis(1)).healthy()).isTrue();
        assertThat(ProbeResult.answered(T0, Duration.ofMillis(1)).describe()).isEqualTo("answered");
        assertThatThrownBy(() -> ProbeResult.passed(T0, 200, Duration.ofMillis(-1)))
                .hasMessage("latency: PT-0.001S (expected: >= 0)");
    }

    @Test
    void aChangeIsBetweenTwoDifferentStates() {
        ServerKey key = new ServerKey("app", "a");
        assertThat(new HealthChange(key, "http://127.0.0.1:8081", HealthState.UP, HealthState.DOWN, T0,
                "after 2 failed probes: connect refused").describe())
                .isEqualTo("server http://127.0.0.1:8081 of service app DOWN after 2 failed probes: connect refused");
        assertThatThrownBy(() -> new HealthChange(key, "http://x", HealthState.UP, HealthState.UP, T0, "why"))
                .hasMessage("to: UP (expected: a state other than from)");
    }

    @Test
    void onlyUnknownAndUpAreUsable() {
        assertThat(List.of(HealthState.values()).stream().filter(HealthState::isUsable))
                .containsExactly(HealthState.UNKNOWN, HealthState.UP);
    }
}
