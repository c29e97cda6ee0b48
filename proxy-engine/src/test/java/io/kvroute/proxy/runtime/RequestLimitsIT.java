package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.ProxyHarness;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Request head and body limits: a huge header gets 431 or 400, a body above the limit 413; neither reaches a server. */
class RequestLimitsIT {
    @RegisterExtension
    static final ProxyHarness HARNESS = new ProxyHarness();
    private static final int MAX_HEADER_BYTES = 8 * 1024;
    private static final long MAX_BODY_BYTES = 1024;

    private final Backend backend = HARNESS.backend("backend");
    private final RunningProxy proxy = HARNESS.proxy(new ProxySettings(
            Map.of(RunningProxy.ENTRY_POINT, new InetSocketAddress("127.0.0.1", 0)), "traefik",
            Duration.ofSeconds(10), 2, MAX_HEADER_BYTES, MAX_BODY_BYTES, Duration.ofSeconds(5)));

    @BeforeEach
    void applyKeys() {
        proxy.apply(new TraefikKeys().router("limits", "Host(`limits.test`)", "limits")
                .server("limits", "one", backend.url()).build());
    }

    @Test
    void aHundredKilobyteHeaderIsRefused() {
        HttpResponse<String> response = proxy.send(proxy.request("limits.test", "/")
                .header("X-Big", "x".repeat(100 * 1024)).GET().build());

        assertThat(response.statusCode()).isIn(431, 400);
        assertThat(backend.received()).isEmpty();
    }

    @Test
    void aBodyAboveTheLimitIs413() {
        HttpResponse<String> response = proxy.send(proxy.request("limits.test", "/upload")
                .POST(HttpRequest.BodyPublishers.ofString("y".repeat(10 * 1024))).build());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(backend.received()).isEmpty();
    }

    @Test
    void aBodyWithinTheLimitIsProxied() {
        HttpResponse<String> response = proxy.send(proxy.request("limits.test", "/upload")
                .POST(HttpRequest.BodyPublishers.ofString("y".repeat(512))).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(backend.received()).hasSize(1);
    }
}
