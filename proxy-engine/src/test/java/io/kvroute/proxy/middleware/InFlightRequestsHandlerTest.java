package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.undertow.server.HttpHandler;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Traefik's inFlightReq: at most {@code amount} requests of a source in progress. */
class InFlightRequestsHandlerTest {
    private final MiddlewareEvents events = new MiddlewareEvents();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger holding = new AtomicInteger();
    /** Holds every request with a {@code /hold} path until {@link #release} opens. */
    private final HttpHandler held = exchange -> {
        if (!exchange.getRequestPath().equals("/hold")) {
            Echo.HANDLER.handleRequest(exchange);
            return;
        }
        exchange.dispatch(() -> {
            holding.incrementAndGet();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.getResponseSender().send("released");
        });
    };

    @Test
    void refusesOneRequestMoreThanAmountFromTheSameHostUntilOneEnds() throws Exception {
        try (TestServer server = TestServer.start(MiddlewareChain.build(
                List.of(Opaque.of("one", "inFlightReq", "{\"amount\": 1}")), held, events).handler())) {
            HttpClient client = HttpClient.newHttpClient();
            CompletableFuture<HttpResponse<String>> first = client.sendAsync(
                    HttpRequest.newBuilder(server.uri("/hold")).build(), HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(5)).until(() -> holding.get() == 1);

            HttpResponse<String> second = Http.get(server.uri("/"));
            HttpResponse<String> otherHost = Http.get(server.uri("/"), "Host", "other.test");
            release.countDown();

            assertThat(second.statusCode()).isEqualTo(429);
            assertThat(second.body()).isEqualTo("max connections reached: 1");
            assertThat(otherHost.statusCode()).isEqualTo(200);
            assertThat(first.get(10, TimeUnit.SECONDS).body()).isEqualTo("released");
            assertThat(Http.get(server.uri("/")).statusCode()).isEqualTo(200);
            assertThat(events.snapshot().get("one")).containsEntry("rejected", 1L);
        }
    }

    @Test
    void amountZeroRefusesEveryRequestAsTraefikDoes() {
        try (TestServer server = TestServer.start(MiddlewareChain.build(
                List.of(Opaque.of("none", "inFlightReq", "{\"amount\": 0}")), Echo.HANDLER).handler())) {
            assertThat(Http.get(server.uri("/")).statusCode()).isEqualTo(429);
        }
    }

    @Test
    void refusesANegativeAmountAndSeveralCriteria() {
        assertThatThrownBy(() -> MiddlewareChain.build(List.of(Opaque.of("x", "inFlightReq", "{\"amount\": -2}")),
                Echo.HANDLER)).hasMessageContaining("amount -2 (expected: 0 or more simultaneous requests)");
        assertThatThrownBy(() -> MiddlewareChain.build(List.of(Opaque.of("x", "inFlightReq",
                "{\"amount\": 2, \"sourceCriterion\": {\"ipStrategy\": {\"depth\": 1}, \"requestHost\": true}}")),
                Echo.HANDLER)).hasMessageContaining("sourceCriterion/ipStrategy")
                .hasMessageContaining("only one of ipStrategy, requestHeaderName and requestHost");
    }
}
