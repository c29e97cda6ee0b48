package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.undertow.server.HttpHandler;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Traefik's circuitBreaker as a handler: the fallback, its counts, and settings refused with what is wrong. */
class CircuitBreakerHandlerTest {
    private final MiddlewareEvents events = new MiddlewareEvents();
    private static final HttpHandler FAILING = exchange -> {
        exchange.setStatusCode(500);
        exchange.getResponseSender().send("broken");
    };

    @Test
    void answersTheResponseCodeOnceServerErrorsTripTheBreaker() {
        try (TestServer server = TestServer.start(MiddlewareChain.build(List.of(Opaque.of("cb", "circuitBreaker",
                "{\"expression\": \"ResponseCodeRatio(500, 600, 0, 600) > 0.5\", \"checkPeriod\": \"1ms\","
                        + " \"fallbackDuration\": \"1m\", \"recoveryDuration\": \"10s\", \"responseCode\": 418}")),
                FAILING, events).handler())) {
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                    .until(() -> Http.get(server.uri("/")).statusCode() == 418);

            HttpResponse<String> open = Http.get(server.uri("/"));

            assertThat(open.statusCode()).isEqualTo(418);
            assertThat(open.body()).isEqualTo("I'm a teapot");
            assertThat(events.snapshot().get("cb")).containsEntry("tripped", 1L)
                    .hasEntrySatisfying("circuitOpen", count -> assertThat(count).isGreaterThanOrEqualTo(2));
        }
    }

    @Test
    void aServerErrorFromTheServerIsNotANetworkError() {
        try (TestServer server = TestServer.start(MiddlewareChain.build(List.of(Opaque.of("cb", "circuitBreaker",
                "{\"expression\": \"NetworkErrorRatio() > 0.1\", \"checkPeriod\": \"1ms\"}")),
                exchange -> {
                    exchange.setStatusCode(502);
                    exchange.endExchange();
                }, events).handler())) {
            for (int i = 0; i < 20; i++) {
                assertThat(Http.get(server.uri("/")).statusCode()).isEqualTo(502);
            }
            assertThat(events.snapshot().get("cb")).containsEntry("tripped", 0L);
        }
    }

    @Test
    void refusesAnExpressionThatDoesNotParseNamingItAndTheColumn() {
        assertThatThrownBy(() -> MiddlewareChain.build(List.of(Opaque.of("cb", "circuitBreaker",
                "{\"expression\": \"NetworkErrorRatio() > 1\"}")), FAILING))
                .isInstanceOfSatisfying(MiddlewareException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MiddlewareException.Kind.INVALID_SETTING);
                    assertThat(e.getMessage()).isEqualTo("middleware \"cb\" (circuitBreaker): expression "
                            + "\"NetworkErrorRatio() > 1\" (expected: a condition such as NetworkErrorRatio() > 0.5; "
                            + "at column 21: NetworkErrorRatio() is a ratio, compared with a number with a decimal "
                            + "point such as 0.5)");
                });
        assertThatThrownBy(() -> MiddlewareChain.build(List.of(Opaque.of("cb", "circuitBreaker", "{}")), FAILING))
                .hasMessageContaining("expression (not set)").hasMessageContaining("found nothing");
        assertThatThrownBy(() -> MiddlewareChain.build(List.of(Opaque.of("cb", "circuitBreaker",
                "{\"expression\": \"NetworkErrorRatio() > 0.5\", \"responseCode\": 99}")), FAILING))
                .hasMessageContaining("responseCode 99 (expected: an HTTP status from 200 to 999)");
    }
}
