package io.kvroute.proxy.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStores;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.StoreSettings;
import io.kvroute.proxy.balancer.ServerKey;
import io.kvroute.proxy.runtime.ProxyRuntime;
import io.kvroute.proxy.runtime.ProxySettings;
import io.kvroute.proxy.testing.RawHttp;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The auth matrix of the web listener, path tricks, CSRF on the drain action, headers, limits and secrets. Cases with
 * wrong passwords send them from their own loopback address, below the {@link LoginThrottle}'s limit.
 */
class WebAuthTest {
    private static final String PASSWORD = "s3cret-pass";
    private static final String ROUTE_HASH = "$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/";
    private static final PrometheusMeterRegistry REGISTRY = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private static final AtomicInteger CLIENTS = new AtomicInteger();
    private static KvStore kv;
    private static ProxyRuntime runtime;
    private static WebServer web;
    private static InetSocketAddress address;

    @BeforeAll
    static void start() {
        kv = KvStores.open(StoreSettings.memory());
        kv.commit(KvTransaction.builder()
                .put("traefik/http/routers/app/rule", "PathPrefix(`/`)")
                .put("traefik/http/routers/app/service", "app")
                .put("traefik/http/routers/app/middlewares/0", "guard")
                .put("traefik/http/middlewares/guard/basicAuth/users/0", "carol:" + ROUTE_HASH)
                .put("traefik/http/services/app/loadBalancer/servers/node1--app-1/url", "http://127.0.0.1:9")
                .put("traefik/http/middlewares/guard/basicAuth/removeHeader", "x" + ROUTE_HASH)
                .put("traefik/http/middlewares/vault/basicAuth/users/0", "carol:" + ROUTE_HASH)
                .build());
        runtime = ProxyRuntime.start(kv, ProxySettings.of("traefik", Map.of("web", new InetSocketAddress("127.0.0.1", 0))),
                REGISTRY);
        web = WebServer.start(new WebOptions(new InetSocketAddress("127.0.0.1", 0), List.of("admin:" + bcrypt(PASSWORD)),
                Optional.empty()), runtime, REGISTRY);
        address = web.address();
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.config().isPresent());
    }

    @AfterAll
    static void stop() {
        web.close();
        runtime.close();
        kv.close();
    }

    static String bcrypt(String password) {
        return BCrypt.withDefaults().hashToString(4, password.toCharArray());
    }

    @ParameterizedTest
    @CsvSource({
        "/, 401, 401, 200",
        "/assets/dashboard.js, 401, 401, 200",
        "/metrics, 401, 401, 200",
        "/api/rawdata, 401, 401, 200",
        "/api/http/routers, 401, 401, 200",
        "/api/overview, 401, 401, 200",
        "/api/version, 401, 401, 200",
        "/api/providers, 401, 401, 404",
        "/api/kvroute/state, 401, 401, 200",
        "/api/kvroute/session, 401, 401, 200",
        "/nothing, 401, 401, 404",
        "/ping, 200, 200, 200"
    })
    void noneWrongAndRightCredentials(String path, int none, int wrong, int right) throws IOException {
        InetAddress client = nextClient();
        assertThat(RawHttp.get(address, client, path, "").status()).as("no credentials").isEqualTo(none);
        assertThat(RawHttp.get(address, client, path, RawHttp.basic("admin", "wrong")).status()).as("wrong")
                .isEqualTo(wrong);
        assertThat(RawHttp.get(address, client, path, RawHttp.basic("nobody", PASSWORD)).status()).as("unknown user")
                .isEqualTo(wrong);
        assertThat(RawHttp.get(address, client, path, RawHttp.basic("admin", PASSWORD)).status()).as("right")
                .isEqualTo(right);
    }

    /** Another loopback address (127.0.1.x) per call, so that the wrong logins of one case do not add up. */
    private static InetAddress nextClient() throws IOException {
        return InetAddress.getByName("127.0.1." + CLIENTS.incrementAndGet());
    }

    @ParameterizedTest
    @ValueSource(strings = {"//api/rawdata", "/api/../api/rawdata", "/ping/../api/rawdata", "/ping/%2e%2e/api/rawdata",
        "/api%2frawdata", "/api%2Frawdata", "/ping%2F..%2Fapi%2Frawdata", "/ping;/../api/rawdata", "/./api/rawdata",
        "/api/./rawdata", "/ping\\..\\api\\rawdata", "/api%252frawdata", "/ping/..", "//ping/../api/rawdata"})
    void pathTricksAreRefusedBeforeAuth(String target) throws IOException {
        RawHttp anonymous = RawHttp.get(address, target, "");
        assertThat(anonymous.status()).as(target).isEqualTo(400);
        assertThat(anonymous.body()).doesNotContain("routers");
        assertThat(RawHttp.get(address, target, RawHttp.basic("admin", PASSWORD)).status()).as(target).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/API/rawdata", "/Api/Rawdata", "/PING", "/ping/", "/ping/api/rawdata", "/api/rawdata/"})
    void otherSpellingsNeedAuthAndAreNotAliases(String target) throws IOException {
        assertThat(RawHttp.get(address, target, "").status()).as(target).isEqualTo(401);
        assertThat(RawHttp.get(address, target, RawHttp.basic("admin", PASSWORD)).status()).as(target).isEqualTo(404);
    }

    @Test
    void pageAndRefusalsCarrySecurityHeaders() throws IOException {
        for (RawHttp response : List.of(RawHttp.get(address, "/", RawHttp.basic("admin", PASSWORD)),
                RawHttp.get(address, "/api/rawdata", ""))) {
            assertThat(response.header("Content-Security-Policy")).isEqualTo(SecurityHeaders.CONTENT_SECURITY_POLICY);
            assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(response.header("Referrer-Policy")).isEqualTo("same-origin");
            assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        }
        assertThat(RawHttp.get(address, "/", RawHttp.basic("admin", PASSWORD)).body())
                .contains("<script src=\"/assets/dashboard.js\" defer></script>").doesNotContain("<script>");
    }

    @Test
    void noSecretsInApiOutput() throws IOException {
        for (String path : List.of("/api/rawdata", "/api/http/middlewares", "/api/kvroute/state")) {
            String body = RawHttp.get(address, path, RawHttp.basic("admin", PASSWORD)).body();
            assertThat(body).as(path).doesNotContain(ROUTE_HASH).doesNotContain("carol").doesNotContain(PASSWORD);
        }
        assertThat(RawHttp.get(address, "/api/rawdata", RawHttp.basic("admin", PASSWORD)).body())
                .contains("\"users\":[\"xxxx\"]");
        assertThat(RawHttp.get(address, "/api/kvroute/state", RawHttp.basic("admin", PASSWORD)).body())
                .contains("\"key\":\"traefik/http/middlewares/guard/basicAuth/removeHeader\",\"value\":\"xxxx\"")
                .contains("\"node\":\"node1\"").contains("\"agents\":[{\"node\":\"node1\",\"servers\":1,\"keys\":1,\"present\":true,");
    }

    @Test
    void drainNeedsPostTokenAndSameOrigin() throws IOException {
        String token = new CsrfGuard().token("admin");
        String auth = RawHttp.basic("admin", PASSWORD);
        String origin = "Origin: http://127.0.0.1:" + address.getPort() + "\r\n";
        String body = "{\"service\":\"app@memory\",\"server\":\"node1--app-1\",\"drained\":true}";
        String session = RawHttp.get(address, "/api/kvroute/session", auth).body();
        String realToken = session.replaceAll(".*\"csrfToken\":\"([^\"]+)\".*", "$1");
        assertThat(realToken).isNotEqualTo(token).hasSize(43);
        String csrf = "X-Kvroute-Csrf: " + realToken + "\r\n";

        assertThat(post(body, auth + origin).status()).as("no token").isEqualTo(403);
        assertThat(post(body, auth + origin + "X-Kvroute-Csrf: " + token + "\r\n").status()).as("other process")
                .isEqualTo(403);
        assertThat(post(body, auth + csrf + "Origin: http://evil.example\r\n").status()).as("cross origin")
                .isEqualTo(403);
        assertThat(post(body, auth + csrf).status()).as("no origin or referer").isEqualTo(403);
        assertThat(post(body, auth + csrf + origin + "Sec-Fetch-Site: cross-site\r\n").status()).isEqualTo(403);
        assertThat(post(body, csrf + origin).status()).as("no auth").isEqualTo(401);
        assertThat(RawHttp.get(address, "/api/kvroute/drain", auth).status()).isEqualTo(405);
        assertThat(RawHttp.send(address, "POST /api/kvroute/drain HTTP/1.1\r\nHost: 127.0.0.1:" + address.getPort()
                + "\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: " + body.length() + "\r\n"
                + auth + csrf + origin + "\r\n" + body).status()).as("form-like content type").isEqualTo(415);
        assertThat(post("{\"service\":\"app@memory\",\"server\":\"nope\",\"drained\":true}", auth + csrf + origin).status())
                .isEqualTo(404);
        assertThat(runtime.usability().isDrained(drainedKey())).isFalse();

        RawHttp accepted = post(body, auth + csrf + "Referer: http://127.0.0.1:" + address.getPort() + "/\r\n");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.body()).isEqualTo(
                "{\"service\":\"app@memory\",\"server\":\"node1--app-1\",\"drained\":true,\"changed\":true}");
        assertThat(runtime.usability().isDrained(drainedKey())).isTrue();
        assertThat(post(body.replace("true", "false"), auth + csrf + origin).status()).isEqualTo(200);
        assertThat(runtime.usability().isDrained(drainedKey())).isFalse();
    }

    @Test
    void requestSizesAreLimited() throws IOException {
        String big = "{\"pad\":\"" + "x".repeat(20_000) + "\"}";
        RawHttp tooBig = post(big, RawHttp.basic("admin", PASSWORD));
        assertThat(tooBig.status()).isIn(400, 403, 413);
        RawHttp hugeHeader = RawHttp.get(address, "/api/version", "X-Pad: " + "y".repeat(20_000) + "\r\n");
        assertThat(hugeHeader.status()).isIn(400, 431);
    }

    @Test
    void withoutUsersOnlyLoopbackAndOnlyLoopbackHostNames() throws IOException {
        assertThatThrownBy(() -> WebOptions.open(new InetSocketAddress("0.0.0.0", 8080)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--web.address: 0.0.0.0:8080 is reachable beyond this machine and no user is configured "
                        + "(expected: a loopback address such as 127.0.0.1:8080, or --web.auth.basic=USER:HASH or "
                        + "--web.auth.usersfile=FILE)");
        try (WebServer open = WebServer.start(WebOptions.open(new InetSocketAddress("127.0.0.1", 0)), runtime, REGISTRY)) {
            assertThat(RawHttp.get(open.address(), "/api/version", "").status()).isEqualTo(200);
            RawHttp rebound = RawHttp.send(open.address(), "GET /api/version HTTP/1.1\r\nHost: evil.example:"
                    + open.address().getPort() + "\r\nConnection: close\r\n\r\n");
            assertThat(rebound.status()).isEqualTo(421);
        }
    }

    @Test
    void usersFileAndUnusableHashes(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("users");
        Files.writeString(file, "# operators\nops:" + bcrypt("filepass") + "\n", StandardCharsets.UTF_8);
        try (WebServer fromFile = WebServer.start(new WebOptions(new InetSocketAddress("127.0.0.1", 0), List.of(),
                Optional.of(file)), runtime, REGISTRY)) {
            assertThat(RawHttp.get(fromFile.address(), "/api/version", RawHttp.basic("ops", "filepass")).status())
                    .isEqualTo(200);
            assertThat(RawHttp.get(fromFile.address(), "/api/version", RawHttp.basic("ops", "nope")).status())
                    .isEqualTo(401);
        }
        assertThatThrownBy(() -> WebServer.start(new WebOptions(new InetSocketAddress("127.0.0.1", 0),
                List.of("admin:plaintext"), Optional.empty()), runtime, REGISTRY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--web.auth.basic/--web.auth.usersfile: [user \"admin\": hash format not supported");
        assertThatThrownBy(() -> WebServer.start(new WebOptions(new InetSocketAddress("127.0.0.1", 0), List.of(),
                Optional.of(dir.resolve("missing"))), runtime, REGISTRY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be read");
    }

    private static ServerKey drainedKey() {
        return new ServerKey("app", "node1--app-1");
    }

    private static RawHttp post(String body, String headers) throws IOException {
        return RawHttp.send(address, "POST /api/kvroute/drain HTTP/1.1\r\nHost: 127.0.0.1:" + address.getPort()
                + "\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n" + headers + "\r\n" + body);
    }
}
