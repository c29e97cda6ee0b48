package io.kvroute.proxy.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.rule.RuleParser;
import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reads a real request through Undertow on a loopback ephemeral port. */
class ExchangeRequestViewTest {
    /** What the handler saw, copied on the IO thread. */
    record Seen(String host, String path, String method, List<String> env, List<String> missingHeader,
            List<String> k, List<String> flag, List<String> missingQuery, Optional<InetAddress> client,
            Optional<String> cookie, Optional<String> missingCookie, boolean ruleMatches) {
    }

    private final AtomicReference<Seen> seen = new AtomicReference<>();
    private final CompiledRule rule = RuleCompiler.compile(RuleParser.parseV3(
            "Host(`127.0.0.1`) && PathPrefix(`/api/a b`) && Header(`X-Env`, `b`) && Query(`flag`) "
                    + "&& ClientIP(`127.0.0.0/8`) && Method(`GET`)"));
    private Undertow server;
    private int port;

    @BeforeEach
    void start() {
        server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(this::capture).build();
        server.start();
        port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void canonicalHostFollowsTheHostHeaderItWasComputedFrom() {
        HttpServerExchange exchange = new HttpServerExchange(null);
        ExchangeRequestView view = new ExchangeRequestView(exchange);
        assertThat(view.canonicalHost()).isEmpty();
        exchange.getRequestHeaders().put(Headers.HOST, " Shop.Example.COM:8080");
        assertThat(view.canonicalHost()).isEqualTo("shop.example.com");
        assertThat(view.canonicalHost()).isSameAs(view.canonicalHost());
        exchange.getRequestHeaders().put(Headers.HOST, "[::1]:80");
        assertThat(view.canonicalHost()).isEqualTo("::1");
    }

    @Test
    void exposesTheRequestAsRulesSeeIt() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/a%20b?k=v&k=w&flag"))
                .header("X-Env", "a").header("X-Env", "b").header("Cookie", "route=abc123; other=1")
                .timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(seen.get()).isEqualTo(new Seen("127.0.0.1:" + port, "/api/a b", "GET", List.of("a", "b"), List.of(),
                List.of("v", "w"), List.of(""), List.of(), Optional.of(InetAddress.getByName("127.0.0.1")),
                Optional.of("abc123"), Optional.empty(), true));
    }

    private void capture(HttpServerExchange exchange) {
        ExchangeRequestView view = new ExchangeRequestView(exchange);
        seen.set(new Seen(view.hostHeader(), view.path(), view.method(), List.copyOf(view.headers("x-env")),
                view.headers("X-Missing"), view.queryValues("k"), view.queryValues("flag"), view.queryValues("none"),
                view.clientAddress(), view.cookie("route"), view.cookie("absent"), rule.matches(view)));
        exchange.setStatusCode(200);
        exchange.endExchange();
    }
}
