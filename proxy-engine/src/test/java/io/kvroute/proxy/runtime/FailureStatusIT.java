package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.ProxyHarness;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What clients get when the proxy cannot answer from a server: no route 404, no usable server 503 (a drained server
 * is still usable when it is the last one), too slow 504.
 */
class FailureStatusIT {
    @RegisterExtension
    static final ProxyHarness HARNESS = new ProxyHarness();
    private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(500);

    private final Backend backend = HARNESS.backend("backend");
    private final RunningProxy proxy = HARNESS.proxy(new ProxySettings(
            Map.of(RunningProxy.ENTRY_POINT, new InetSocketAddress("127.0.0.1", 0)), "traefik",
            REQUEST_TIMEOUT, 2, 64 * 1024, 64L * 1024 * 1024, Duration.ofSeconds(5)));

    @Test
    void noMatchingRouterIs404() {
        proxy.apply(new TraefikKeys().router("known", "Host(`known.test`)", "known")
                .server("known", "one", backend.url()).build());

        HttpResponse<String> response = proxy.get("unknown.test", "/");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("404 page not found\n");
        assertThat(backend.received()).isEmpty();
    }

    @Test
    void onlyServerDownAfterProbesIs503() {
        proxy.apply(new TraefikKeys().router("sick", "Host(`sick.test`)", "sick")
                .server("sick", "one", backend.url())
                .loadBalancer("sick", "healthCheck/path", "/health")
                .loadBalancer("sick", "healthCheck/interval", "100ms")
                .build());
        backend.status(500);

        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.get("sick.test", "/").statusCode() == 503);

        HttpResponse<String> response = proxy.get("sick.test", "/");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo("no available server\n");
        assertThat(backend.received("/")).allSatisfy(r -> assertThat(r.answeredWith()).isEqualTo(500));
    }

    @Test
    void theOnlyServerDrainedStillServesRatherThan503() {
        proxy.apply(new TraefikKeys().router("drained", "Host(`drained.test`)", "drained")
                .server("drained", "one", backend.url(), 0).build());

        HttpResponse<String> response = proxy.get("drained.test", "/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(backend.received("/")).hasSize(1);
    }

    @Test
    void upstreamSlowerThanTheRequestTimeoutIs504() {
        proxy.apply(new TraefikKeys().router("slow", "Host(`slow.test`)", "slow")
                .server("slow", "one", backend.url()).build());
        backend.delay(Duration.ofSeconds(3));

        long start = System.nanoTime();
        HttpResponse<String> response = proxy.get("slow.test", "/");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(took).isLessThan(Duration.ofMillis(2500));
        assertThat(backend.received()).hasSize(1);
    }
}
