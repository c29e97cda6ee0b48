package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.ProxyHarness;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The traffic-control middlewares configured by keys in etcd, through the proxy to real servers: rateLimit,
 * inFlightReq, circuitBreaker and buffering. The proxy retries no connect failure on its own ({@code connectRetries}
 * 0).
 */
class TrafficControlIT {
    @RegisterExtension
    static final ProxyHarness HARNESS = new ProxyHarness();

    private final Backend backend = HARNESS.backend("backend");
    private final RunningProxy proxy = HARNESS.proxy(new ProxySettings(
            Map.of(RunningProxy.ENTRY_POINT, new InetSocketAddress("127.0.0.1", 0)), "traefik",
            Duration.ofSeconds(10), 0, 64 * 1024, 64L * 1024 * 1024, Duration.ofSeconds(5)));

    private TraefikKeys routed(String name, String middleware) {
        return new TraefikKeys().router(name, "Host(`" + name + ".test`)", name).middlewares(name, middleware)
                .server(name, "one", backend.url());
    }

    @Test
    void rateLimitAnswers429WithRetryAfterThenLetsTheSourceThroughAgain() {
        proxy.apply(routed("limited", "perSecond").middleware("perSecond", "rateLimit/average", "1")
                .middleware("perSecond", "rateLimit/burst", "1").build());
        AtomicReference<HttpResponse<String>> limited = new AtomicReference<>();

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            HttpResponse<String> response = proxy.get("limited.test", "/");
            limited.set(response);
            return response.statusCode() == 429;
        });

        assertThat(limited.get().body()).isEqualTo("Too Many Requests");
        assertThat(limited.get().headers().firstValue("Retry-After")).contains("1");
        assertThat(limited.get().headers().firstValue("X-Retry-In")).isPresent();
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy.get("limited.test", "/").statusCode() == 200);
        assertThat(proxy.runtime().middlewareEvents().snapshot().get("perSecond"))
                .hasEntrySatisfying("rateLimited", count -> assertThat(count).isPositive());
    }

    @Test
    void inFlightReqRefusesASecondRequestWhileTheSlowServerHoldsTheFirst() throws Exception {
        proxy.apply(routed("single", "oneAtATime").middleware("oneAtATime", "inFlightReq/amount", "1").build());
        backend.delay(Duration.ofSeconds(2));

        CompletableFuture<HttpResponse<String>> first = proxy.client().sendAsync(
                proxy.request("single.test", "/").GET().build(), HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).until(() -> backend.inFlight() == 1);
        HttpResponse<String> second = proxy.get("single.test", "/");

        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.body()).isEqualTo("max connections reached: 1");
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        backend.delay(Duration.ZERO);
        assertThat(proxy.get("single.test", "/").statusCode()).isEqualTo(200);
    }

    @Test
    void circuitBreakerTripsOnConnectFailuresAnswersItsFallbackAndRecoversWithTheServer() {
        backend.stop();
        proxy.apply(routed("fragile", "breaker")
                .middleware("breaker", "circuitBreaker/expression", "NetworkErrorRatio() > 0.5")
                .middleware("breaker", "circuitBreaker/checkPeriod", "10ms")
                .middleware("breaker", "circuitBreaker/fallbackDuration", "1s")
                .middleware("breaker", "circuitBreaker/recoveryDuration", "1s")
                .middleware("breaker", "circuitBreaker/responseCode", "418").build());

        await().atMost(Duration.ofSeconds(10)).until(() -> proxy.get("fragile.test", "/").statusCode() == 418);
        HttpResponse<String> open = proxy.get("fragile.test", "/");
        assertThat(open.statusCode()).isEqualTo(418);
        assertThat(open.body()).isEqualTo("I'm a teapot");

        backend.restart();
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy.get("fragile.test", "/").statusCode() == 200);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (int i = 0; i < 5; i++) {
                if (proxy.get("fragile.test", "/").statusCode() != 200) {
                    return false;
                }
            }
            return true;
        });
        assertThat(proxy.runtime().middlewareEvents().snapshot().get("breaker"))
                .containsEntry("tripped", 1L)
                .hasEntrySatisfying("circuitOpen", count -> assertThat(count).isPositive());
    }

    @Test
    void bufferingRefusesAnOversizedBodyWith413BeforeTheServerSeesIt() {
        proxy.apply(routed("small", "limit").middleware("limit", "buffering/maxRequestBodyBytes", "100").build());

        HttpResponse<String> refused = proxy.send(proxy.request("small.test", "/upload")
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(101))).build());
        HttpResponse<String> accepted = proxy.send(proxy.request("small.test", "/upload")
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(100))).build());

        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.body()).isEqualTo("Request Entity Too Large");
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(backend.received("/upload")).hasSize(1);
        assertThat(backend.received("/upload").get(0).header("Content-Length")).isEqualTo("100");
    }
}
