package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kvroute.proxy.http.ChainProblem;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.LoopbackHttpServer;
import io.kvroute.proxy.testing.ProxyHarness;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import io.kvroute.proxy.testing.UnansweredServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Traefik's buffering {@code retryExpression} and {@code memResponseBodyBytes} through the proxy, configured by keys,
 * against a real server that fails its first answers, a closed port and a live backend. The proxy retries no connect
 * failure on its own here ({@code connectRetries} 0), so only the expression does.
 */
class BufferingRetryIT {
    @RegisterExtension
    static final ProxyHarness HARNESS = new ProxyHarness();
    private static final int LARGE = 300_000;

    private final Backend live = HARNESS.backend("live");
    private final RunningProxy proxy = HARNESS.proxy(new ProxySettings(
            Map.of(RunningProxy.ENTRY_POINT, new InetSocketAddress("127.0.0.1", 0)), "traefik",
            Duration.ofSeconds(10), 0, 64 * 1024, 64L * 1024 * 1024, Duration.ofSeconds(5)));
    private final Flaky flaky = new Flaky();

    /**
     * A server on 127.0.0.1 whose first {@code failures} answers have status {@code failWith}; then it answers 200
     * with "ok " and the request body. {@code /large} answers {@link #LARGE} bytes without a length (chunked),
     * {@code /declared} as many with their length. It records the body of every request.
     */
    private static final class Flaky implements AutoCloseable {
        private final HttpServer server;
        private final AtomicInteger failures = new AtomicInteger();
        private volatile int failWith = 502;
        private final List<String> bodies = new CopyOnWriteArrayList<>();

        Flaky() {
            server = LoopbackHttpServer.start(this::answer);
        }

        void failFirst(int count, int status) {
            failures.set(count);
            failWith = status;
        }

        String url() {
            return LoopbackHttpServer.url(server);
        }

        private void answer(HttpExchange exchange) throws IOException {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            bodies.add(body);
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/large") || path.equals("/declared")) {
                exchange.sendResponseHeaders(200, path.equals("/large") ? 0 : LARGE);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write("y".repeat(LARGE).getBytes(StandardCharsets.US_ASCII));
                }
                return;
            }
            boolean fail = failures.getAndDecrement() > 0;
            byte[] answer = (fail ? "failed" : "ok " + body).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(fail ? failWith : 200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @AfterEach
    void stopFlaky() {
        flaky.close();
    }

    private static String closedPort() {
        Backend refusing = Backend.start("refusing");
        refusing.close();
        return refusing.url();
    }

    private TraefikKeys buffered(String name, String server, String retryExpression) {
        return new TraefikKeys()
                .router(name, "Host(`" + name + ".test`)", name).middlewares(name, name + "-buffer")
                .server(name, "a", server)
                .middleware(name + "-buffer", "buffering/retryExpression", retryExpression);
    }

    @Test
    void sendsAPostAgainWithItsBodyWhileTheExpressionHoldsEvenToTheSameServer() {
        flaky.failFirst(1, 502);
        proxy.apply(buffered("flaky", flaky.url(), "IsNetworkError() && Attempts() <= 2").build());

        HttpResponse<String> response = proxy.send(proxy.request("flaky.test", "/orders")
                .POST(HttpRequest.BodyPublishers.ofString("{\"item\":7}")).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok {\"item\":7}");
        assertThat(flaky.bodies).containsExactly("{\"item\":7}", "{\"item\":7}");
    }

    @Test
    void passesTheLastAnswerOnOnceTheExpressionNoLongerHolds() {
        flaky.failFirst(100, 503);
        proxy.apply(buffered("busy", flaky.url(), "ResponseCode() == 503 && Attempts() < 3").build());

        HttpResponse<String> response = proxy.get("busy.test", "/");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo("failed");
        assertThat(flaky.bodies).as("three attempts: after the third, Attempts() < 3 is false").hasSize(3);
    }

    @Test
    void retriesAConnectFailureAsANetworkErrorOnTheNextServer() {
        proxy.apply(buffered("net", closedPort(), "IsNetworkError() && Attempts() <= 2")
                .server("net", "b", live.url())
                .build());

        HttpResponse<String> response = proxy.get("net.test", "/page");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("live");
        assertThat(live.received()).singleElement().satisfies(received ->
                assertThat(received.uri()).isEqualTo("/page"));
    }

    /**
     * A dial timeout is Traefik's 504, and the expression is asked with it: {@code ResponseCode() == 504} sends the
     * request on to the next server (asked as a 502, it did not, and the client got the 504).
     */
    @Test
    void aDialTimeoutIsAskedAs504() throws IOException {
        try (UnansweredServer unanswered = UnansweredServer.start()) {
            proxy.apply(buffered("dial", unanswered.url(), "ResponseCode() == 504 && Attempts() <= 2")
                    .server("dial", "b", live.url())
                    .loadBalancer("dial", "serversTransport", "quick-dial")
                    .serversTransport("quick-dial", "forwardingTimeouts/dialTimeout", "300ms")
                    .build());

            HttpResponse<String> response = proxy.get("dial.test", "/page");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("live");
        }
    }

    @Test
    void retriesAPostWhoseServerSentNoHeadersInTimeAsATimeout() {
        Backend slow = HARNESS.backend("slow");
        slow.delay(Duration.ofSeconds(3));
        proxy.apply(buffered("timeout", slow.url(), "IsNetworkError() && Attempts() <= 2")
                .server("timeout", "b", live.url())
                .loadBalancer("timeout", "serversTransport", "short")
                .serversTransport("short", "forwardingTimeouts/responseHeaderTimeout", "300ms")
                .build());

        HttpResponse<String> response = proxy.send(proxy.request("timeout.test", "/orders")
                .POST(HttpRequest.BodyPublishers.ofString("{\"item\":7}")).build());

        assertThat(response.statusCode()).as("without the retry, a POST that timed out is answered 504")
                .isEqualTo(200);
        assertThat(response.body()).isEqualTo("live");
        assertThat(slow.received()).singleElement().satisfies(received ->
                assertThat(received.method()).isEqualTo("POST"));
        assertThat(live.received()).singleElement().satisfies(received ->
                assertThat(received.header("Content-Length")).isEqualTo("10"));
    }

    @Test
    void servesResponsesLargerThanMemResponseBodyBytesAndAnswers500OverTheMaximum() {
        proxy.apply(new TraefikKeys()
                .router("large", "Host(`large.test`)", "large").middlewares("large", "small-memory")
                .server("large", "a", flaky.url())
                .middleware("small-memory", "buffering/memResponseBodyBytes", "1024")
                .middleware("small-memory", "buffering/maxResponseBodyBytes", Integer.toString(2 * LARGE))
                .router("limited", "Host(`limited.test`)", "large").middlewares("limited", "limit")
                .middleware("limit", "buffering/memResponseBodyBytes", "1024")
                .middleware("limit", "buffering/maxResponseBodyBytes", "1000")
                .build());

        HttpResponse<String> streamed = proxy.get("large.test", "/large");
        HttpResponse<String> declared = proxy.get("large.test", "/declared");
        HttpResponse<String> tooLarge = proxy.get("limited.test", "/declared");

        assertThat(streamed.statusCode()).isEqualTo(200);
        assertThat(streamed.body()).isEqualTo("y".repeat(LARGE));
        assertThat(declared.statusCode()).isEqualTo(200);
        assertThat(declared.body()).hasSize(LARGE);
        assertThat(tooLarge.statusCode()).isEqualTo(500);
        assertThat(tooLarge.body()).isEqualTo("Internal Server Error");
    }

    @Test
    void aBadExpressionLeavesOnlyItsRouterOutNamingTheKey() {
        proxy.apply(buffered("bad", live.url(), "Attempts()")
                .router("good", "Host(`good.test`)", "good").server("good", "a", live.url())
                .build());

        assertThat(proxy.get("good.test", "/").statusCode()).isEqualTo(200);
        assertThat(proxy.get("bad.test", "/").statusCode()).isEqualTo(404);
        assertThat(proxy.runtime().snapshot().problems()).extracting(ChainProblem::toLine).singleElement()
                .satisfies(line -> assertThat(line).startsWith("router bad not served: middleware \"bad-buffer\" "
                        + "(buffering): retryExpression \"Attempts()\" (expected: a condition such as "
                        + "IsNetworkError() && Attempts() <= 2; at column 1: the expression must be a condition"));
        assertThat(live.received()).hasSize(1);
    }
}
