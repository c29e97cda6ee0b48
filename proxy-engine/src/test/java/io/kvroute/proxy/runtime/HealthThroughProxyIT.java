package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.proxy.health.HealthState;
import io.kvroute.proxy.health.ServerHealth;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.ProxyHarness;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Health through the whole proxy: active probes configured by {@code healthCheck} keys take a failing server out
 * after {@code fall} (2) failed probes and bring it back after {@code rise} (2); a server that refuses connections
 * costs GET clients nothing (retried elsewhere, then passively ejected).
 */
class HealthThroughProxyIT {
    @RegisterExtension
    static final ProxyHarness HARNESS = new ProxyHarness();
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(5);

    private final Backend a = HARNESS.backend("a");
    private final Backend b = HARNESS.backend("b");
    private final RunningProxy proxy = HARNESS.proxy();

    @Test
    void aServerAnswering500IsOutAfterTwoFailedProbesAndBackAfterTwoPassedOnes() {
        proxy.apply(new TraefikKeys().router("checked", "Host(`checked.test`)", "checked")
                .server("checked", "a", a.url()).server("checked", "b", b.url())
                .loadBalancer("checked", "healthCheck/path", "/health")
                .loadBalancer("checked", "healthCheck/interval", "100ms")
                .loadBalancer("checked", "healthCheck/timeout", "1s")
                .build());
        await().atMost(HEALTH_TIMEOUT).until(() -> state("checked", b.url()), Optional.of(HealthState.UP)::equals);

        b.status(500);
        await().atMost(HEALTH_TIMEOUT).until(() -> state("checked", b.url()), Optional.of(HealthState.DOWN)::equals);

        assertThat(probes(b, 500)).isGreaterThanOrEqualTo(2);
        assertThat(answers("checked.test", 10)).containsOnly("a").hasSize(10);

        b.status(200);
        await().atMost(HEALTH_TIMEOUT).until(() -> state("checked", b.url()), Optional.of(HealthState.UP)::equals);

        assertThat(probes(b, 200)).isGreaterThanOrEqualTo(1 + 2);
        assertThat(answers("checked.test", 4)).containsExactlyInAnyOrder("a", "a", "b", "b");
    }

    @Test
    void aServerRefusingConnectionsCostsGetClientsNothingAndIsEjected() {
        Backend refusing = Backend.start("refusing");
        refusing.close();
        proxy.apply(new TraefikKeys().router("refused", "Host(`refused.test`)", "refused")
                .server("refused", "a-refusing", refusing.url()).server("refused", "b", b.url()).build());

        List<HttpResponse<String>> responses = IntStream.range(0, 50)
                .mapToObj(i -> proxy.get("refused.test", "/")).toList();

        assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(200).hasSize(50);
        assertThat(responses).extracting(HttpResponse::body).containsOnly("b");
        assertThat(b.received()).hasSize(50);
        assertThat(state("refused", refusing.url())).contains(HealthState.EJECTED);
    }

    private Optional<HealthState> state(String service, String url) {
        return proxy.runtime().health().view().service(service).stream().filter(h -> h.url().equals(url))
                .map(ServerHealth::state).findFirst();
    }

    private static long probes(Backend backend, int answeredWith) {
        return backend.received("/health").stream().filter(r -> r.answeredWith() == answeredWith).count();
    }

    private List<String> answers(String host, int requests) {
        return IntStream.range(0, requests).mapToObj(i -> proxy.get(host, "/"))
                .peek(response -> assertThat(response.statusCode()).isEqualTo(200))
                .map(HttpResponse::body).toList();
    }
}
