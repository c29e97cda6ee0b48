package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.model.ForwardingTimeouts;
import io.kvroute.proxy.balancer.ServerKey;
import io.kvroute.proxy.health.HealthState;
import io.kvroute.proxy.health.ServerHealth;
import io.kvroute.proxy.http.ForwardingPolicy;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.ProxyHarness;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.SilentServer;
import io.kvroute.proxy.testing.StoppedHttpd;
import io.kvroute.proxy.testing.TraefikKeys;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Servers that accept connections and never answer (a {@link SilentServer}, a SIGSTOPped {@link StoppedHttpd}),
 * through a running proxy: a transport's {@code responseHeaderTimeout} ends the wait (504 for a POST, once more on
 * the healthy server for a GET), timeouts in a row eject the hung server, and with no such timeout (Traefik's default)
 * requests stuck on a server are released once the active health check marks it DOWN, long before the proxy's
 * request timeout. Latency bounds are generous: they tell seconds from the minute of the request timeout.
 */
class HungServerIT {
    @RegisterExtension
    static final ProxyHarness HARNESS = new ProxyHarness();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** Far below the request timeout, far above the sub-second limits the tests set. */
    private static final Duration BOUND = Duration.ofSeconds(10);

    private final Backend healthy = HARNESS.backend("healthy");
    private final SilentServer hung = SilentServer.start();

    @AfterEach
    void closeHung() throws Exception {
        hung.close();
    }

    private static RunningProxy proxy(Duration passiveTimeout, int timeoutsToEject) {
        return HARNESS.proxy(new ProxySettings(Map.of(RunningProxy.ENTRY_POINT,
                new InetSocketAddress("127.0.0.1", 0)), "traefik", REQUEST_TIMEOUT, 2, 64 * 1024, 64L * 1024 * 1024,
                Duration.ofSeconds(5), Map.of(),
                new ForwardingPolicy(ForwardingTimeouts.TRAEFIK_DEFAULTS, passiveTimeout, timeoutsToEject)));
    }

    /** Service {@code app} over the hung server and the healthy one, with a 300ms response header timeout. */
    private Map<String, String> appWithHeaderTimeout() {
        return new TraefikKeys().router("app", "Host(`app.test`)", "app")
                .server("app", "hung", hung.url())
                .server("app", "healthy", healthy.url())
                .loadBalancer("app", "serversTransport", "short")
                .serversTransport("short", "forwardingTimeouts/responseHeaderTimeout", "300ms")
                .build();
    }

    @Test
    void getsWithoutHeadersInTimeGoToTheHealthyServerAndTimeoutsInARowEjectTheHungOne() {
        RunningProxy proxy = proxy(Duration.ZERO, 2);
        proxy.apply(appWithHeaderTimeout());

        for (int i = 0; i < 4; i++) {
            String path = "/" + i;
            Timed<HttpResponse<String>> answer = Timed.of(() -> proxy.get("app.test", path));
            assertThat(answer.value().statusCode()).isEqualTo(200);
            assertThat(answer.value().body()).isEqualTo("healthy");
            assertThat(answer.took()).isLessThan(BOUND);
        }
        ServerKey hungKey = new ServerKey("app", "hung");
        ServerHealth ejected = await().atMost(BOUND).until(
                () -> proxy.runtime().health().view().server(hungKey).orElseThrow(),
                health -> health.state() == HealthState.EJECTED);
        assertThat(ejected.ejection().orElseThrow().reason())
                .isEqualTo("2 timeouts in a row, the last: no response headers within 300ms");
        int triedOnHung = hung.connections();
        assertThat(triedOnHung).isBetween(2, 3);

        for (int i = 0; i < 3; i++) {
            assertThat(proxy.get("app.test", "/after").body()).isEqualTo("healthy");
        }
        assertThat(hung.connections()).isEqualTo(triedOnHung);
        assertThat(healthy.received()).hasSize(7);
    }

    @Test
    void aPostWithoutHeadersInTimeIs504AndIsNotSentToAnotherServer() {
        RunningProxy proxy = proxy(Duration.ZERO, 10);
        proxy.apply(appWithHeaderTimeout());

        List<Integer> statuses = new ArrayList<>();
        String timedOut = "";
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> answer = proxy.send(proxy.request("app.test", "/order")
                    .POST(HttpRequest.BodyPublishers.ofString("one pizza")).build());
            statuses.add(answer.statusCode());
            if (answer.statusCode() == 504) {
                timedOut = answer.body();
            }
        }

        assertThat(statuses).containsExactlyInAnyOrder(200, 504);
        assertThat(timedOut).isEqualTo("504 gateway timeout: no response headers within 300ms\n");
        assertThat(healthy.received()).extracting(Backend.Received::method).containsExactly("POST");
        assertThat(hung.connections()).isEqualTo(1);
    }

    @Test
    void requestsStuckOnAStoppedServerEndWhenTheHealthCheckMarksItDown() throws Exception {
        RunningProxy proxy = proxy(Duration.ofMillis(300), 100);
        try (StoppedHttpd stopped = StoppedHttpd.start()) {
            proxy.apply(new TraefikKeys()
                    .router("pair", "Host(`pair.test`)", "pair")
                    .server("pair", "stopped", stopped.url())
                    .server("pair", "healthy", healthy.url())
                    .loadBalancer("pair", "healthCheck/path", "/health")
                    .loadBalancer("pair", "healthCheck/interval", "500ms")
                    .loadBalancer("pair", "healthCheck/timeout", "200ms")
                    .router("lone", "Host(`lone.test`)", "lone")
                    .server("lone", "stopped", stopped.url())
                    .loadBalancer("lone", "healthCheck/path", "/health")
                    .loadBalancer("lone", "healthCheck/interval", "500ms")
                    .loadBalancer("lone", "healthCheck/timeout", "200ms")
                    .build());

            long start = System.nanoTime();
            List<CompletableFuture<HttpResponse<String>>> gets = List.of(send(proxy, "pair.test", "GET"),
                    send(proxy, "pair.test", "GET"));
            CompletableFuture<HttpResponse<String>> post = send(proxy, "lone.test", "POST");
            CompletableFuture.allOf(gets.get(0), gets.get(1), post).join();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(gets).allSatisfy(get -> {
                assertThat(get.join().statusCode()).isEqualTo(200);
                assertThat(get.join().body()).isEqualTo("healthy");
            });
            assertThat(post.join().statusCode()).isEqualTo(504);
            assertThat(post.join().body()).startsWith("504 gateway timeout: no response headers after ")
                    .endsWith(", and the server is DOWN or ejected\n");
            assertThat(took).isLessThan(BOUND);
            assertThat(proxy.runtime().health().view().server(new ServerKey("lone", "stopped")).orElseThrow()
                    .state()).isEqualTo(HealthState.DOWN);
            assertThat(healthy.received("/")).hasSize(2);
        }
    }

    private static CompletableFuture<HttpResponse<String>> send(RunningProxy proxy, String host, String method) {
        HttpRequest request = proxy.request(host, "/").method(method, method.equals("POST")
                ? HttpRequest.BodyPublishers.ofString("x") : HttpRequest.BodyPublishers.noBody()).build();
        return proxy.client().sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A value and how long it took to get it. */
    private record Timed<T>(T value, Duration took) {
        static <T> Timed<T> of(Supplier<T> call) {
            long start = System.nanoTime();
            T value = call.get();
            return new Timed<>(value, Duration.ofNanos(System.nanoTime() - start));
        }
    }
}
