package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.ProxyHarness;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Middlewares configured by keys, as a client and the server see them. The proxy retries no connect failure on its
 * own here ({@code connectRetries} 0), so only a {@code retry} middleware does.
 */
class MiddlewareThroughKeysIT {
    @RegisterExtension
    static final ProxyHarness HARNESS = new ProxyHarness();
    /** Vector v1_13's user {@code test}, password {@code test}. */
    private static final String APR1_USER = "test:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/";

    private final Backend backend = HARNESS.backend("backend");
    private final RunningProxy proxy = HARNESS.proxy(new ProxySettings(
            Map.of(RunningProxy.ENTRY_POINT, new InetSocketAddress("127.0.0.1", 0)), "traefik",
            Duration.ofSeconds(10), 0, 64 * 1024, 64L * 1024 * 1024, Duration.ofSeconds(5)));

    private TraefikKeys routed(String name, String... middlewares) {
        return new TraefikKeys().router(name, "Host(`" + name + ".test`)", name).middlewares(name, middlewares)
                .server(name, "one", backend.url());
    }

    @Test
    void stripPrefixRemovesThePrefixAndTellsTheServer() {
        proxy.apply(routed("strip", "api").middleware("api", "stripPrefix/prefixes/0", "/api").build());

        assertThat(proxy.get("strip.test", "/api/users?page=2").statusCode()).isEqualTo(200);

        Backend.Received received = backend.received().get(0);
        assertThat(received.uri()).isEqualTo("/users?page=2");
        assertThat(received.header("X-Forwarded-Prefix")).isEqualTo("/api");
    }

    @Test
    void addPrefixPutsThePrefixFirst() {
        proxy.apply(routed("add", "v2").middleware("v2", "addPrefix/prefix", "/v2").build());

        assertThat(proxy.get("add.test", "/items").statusCode()).isEqualTo(200);

        assertThat(backend.received().get(0).uri()).isEqualTo("/v2/items");
    }

    @Test
    void headersAddCustomRequestAndResponseHeaders() {
        proxy.apply(routed("hdr", "custom")
                .middleware("custom", "headers/customRequestHeaders/X-Team", "payments")
                .middleware("custom", "headers/customResponseHeaders/X-Served-By", "kvroute")
                .build());

        HttpResponse<String> response = proxy.get("hdr.test", "/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Served-By")).contains("kvroute");
        assertThat(backend.received().get(0).header("X-Team")).isEqualTo("payments");
    }

    @Test
    void basicAuthWithAnApr1HashLetsOnlyTheRightPasswordThrough() {
        proxy.apply(routed("auth", "users").middleware("users", "basicAuth/users/0", APR1_USER).build());

        HttpResponse<String> anonymous = proxy.get("auth.test", "/");
        HttpResponse<String> wrong = proxy.send(proxy.request("auth.test", "/")
                .header("Authorization", basic("test", "nope")).GET().build());
        HttpResponse<String> right = proxy.send(proxy.request("auth.test", "/")
                .header("Authorization", basic("test", "test")).GET().build());

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"traefik\"");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(right.body()).isEqualTo("backend");
        assertThat(backend.received()).hasSize(1);
    }

    @Test
    void redirectSchemeSendsTheClientToHttps() {
        proxy.apply(routed("redirect", "https").middleware("https", "redirectScheme/scheme", "https")
                .middleware("https", "redirectScheme/permanent", "true").build());

        HttpResponse<String> response = proxy.get("redirect.test", "/cart?id=7");

        assertThat(response.statusCode()).isEqualTo(301);
        assertThat(response.headers().firstValue("Location")).contains("https://redirect.test/cart?id=7");
        assertThat(backend.received()).isEmpty();
    }

    @Test
    void retryTriesAnotherServerAfterAConnectFailure() {
        Backend refusing = Backend.start("refusing");
        refusing.close();
        proxy.apply(new TraefikKeys()
                .router("once", "Host(`once.test`)", "once")
                .server("once", "a", refusing.url()).server("once", "b", backend.url())
                .router("again", "Host(`again.test`)", "again").middlewares("again", "twice")
                .server("again", "a", refusing.url()).server("again", "b", backend.url())
                .middleware("twice", "retry/attempts", "2")
                .build());

        HttpResponse<String> withoutRetry = proxy.get("once.test", "/");
        HttpResponse<String> withRetry = proxy.get("again.test", "/");

        assertThat(withoutRetry.statusCode()).isEqualTo(502);
        assertThat(withRetry.statusCode()).isEqualTo(200);
        assertThat(withRetry.body()).isEqualTo("backend");
    }

    @Test
    void aMiddlewareThatCannotBeBuiltLeavesOnlyItsRouterOutAndSaysWhy() {
        proxy.apply(routed("locked", "auth").middleware("auth", "basicAuth/usersFile", "/nonexistent/kvroute-users")
                .router("open", "Host(`open.test`)", "locked").build());

        assertThat(proxy.get("locked.test", "/").statusCode()).isEqualTo(404);
        assertThat(proxy.get("open.test", "/").statusCode()).isEqualTo(200);
        assertThat(proxy.runtime().snapshot().problems()).singleElement().satisfies(problem -> {
            assertThat(problem.router()).isEqualTo("locked");
            assertThat(problem.middleware()).contains("auth");
            assertThat(problem.served()).isFalse();
            assertThat(problem.toLine()).startsWith("router locked not served: middleware \"auth\" (basicAuth): ")
                    .contains("/nonexistent/kvroute-users");
        });
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
