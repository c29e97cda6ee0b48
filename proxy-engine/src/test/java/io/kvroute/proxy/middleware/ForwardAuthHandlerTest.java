package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.kv.model.Middleware;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A real auth server (Undertow) and the echo backend behind the middleware; the client connects from 127.0.0.1. */
class ForwardAuthHandlerTest {
    private final AuthServer auth = new AuthServer();
    private final MiddlewareEvents events = new MiddlewareEvents();
    private final List<TestServer> servers = new ArrayList<>();

    @AfterEach
    void close() {
        servers.forEach(TestServer::close);
        auth.close();
    }

    private Middleware forwardAuth(String... fieldsAndValues) {
        List<String> keys = new ArrayList<>(List.of("address", auth.uri("/verify?app=shop").toString()));
        keys.addAll(List.of(fieldsAndValues));
        return DecodedMiddleware.of("sso", "forwardAuth", keys.toArray(String[]::new));
    }

    private TestServer serve(Middleware middleware, HttpHandler backend) {
        TestServer server = TestServer.start(MiddlewareChain.build(List.of(middleware), backend, events).handler());
        servers.add(server);
        return server;
    }

    private TestServer serve(Middleware middleware) {
        return serve(middleware, Echo.HANDLER);
    }

    private long count(String event) {
        return events.snapshot().getOrDefault("sso", Collections.emptySortedMap()).getOrDefault(event, 0L);
    }

    private static HttpResponse<String> post(TestServer server, String path, String body) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.uri(path))
                    .version(HttpClient.Version.HTTP_1_1).timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void a2xxForwardsTheRequestWithTheAuthResponseHeadersInPlaceOfTheClients() {
        auth.answer(200, "", "X-Auth-User", "alice", "X-Auth-Role", "admin", "X-Other", "no");
        TestServer server = serve(forwardAuth("authResponseHeaders/0", "X-Auth-User",
                "authResponseHeaders/1", "X-Auth-Missing"));

        HttpResponse<String> response = Http.get(server.uri("/cart?id=7"), "X-Auth-User", "mallory",
                "X-Auth-Missing", "forged", "Cookie", "sid=1");

        assertThat(response.statusCode()).isEqualTo(200);
        Echo.Received received = Echo.Received.parse(response.body());
        assertThat(received.uri()).isEqualTo("/cart");
        assertThat(received.header("X-Auth-User")).containsExactly("alice");
        assertThat(received.header("X-Auth-Missing")).isEmpty();
        assertThat(received.header("X-Other")).isEmpty();
        AuthServer.Asked asked = auth.asked().get(0);
        assertThat(asked.method()).isEqualTo("GET");
        assertThat(asked.uri()).isEqualTo("/verify?app=shop");
        assertThat(asked.header("Cookie")).containsExactly("sid=1");
        assertThat(count("authFailed")).isZero();
    }

    @ParameterizedTest(name = "trustForwardHeader {0}")
    @CsvSource(nullValues = "unset", delimiter = '|', textBlock = """
            unset | 127.0.0.1           | /api    | 9999
            false | 127.0.0.1           |         | PORT
            true  | 10.0.0.1, 127.0.0.1 | /api    | 9999
            """)
    void theAuthRequestCarriesTheForwardedHeadersAsTraefikSetsThem(String trust, String forwardedFor, String prefix,
            String port) {
        TestServer server = serve(trust == null ? forwardAuth() : forwardAuth("trustForwardHeader", trust));
        String host = "shop.test:" + server.port();

        HttpResponse<String> response = Http.send("DELETE", server.uri("/items/3?force=1"),
                "X-Forwarded-For", "10.0.0.1", "X-Forwarded-Prefix", "/api", "X-Forwarded-Port", "9999",
                "X-Forwarded-Host", "evil.test");

        assertThat(response.statusCode()).isEqualTo(200);
        AuthServer.Asked asked = auth.asked().get(0);
        assertThat(asked.method()).isEqualTo("GET");
        assertThat(asked.header("X-Forwarded-For")).containsExactly(forwardedFor);
        assertThat(asked.header("X-Forwarded-Method")).containsExactly("DELETE");
        assertThat(asked.header("X-Forwarded-Proto")).containsExactly("http");
        assertThat(asked.header("X-Forwarded-Uri")).containsExactly("/items/3?force=1");
        assertThat(asked.header("X-Forwarded-Prefix")).isEqualTo(prefix == null ? List.of() : List.of(prefix));
        assertThat(asked.header("X-Forwarded-Port")).containsExactly(
                port.replace("PORT", Integer.toString(server.port())));
        assertThat(asked.header("X-Forwarded-Host")).containsExactly(
                "true".equals(trust) ? "evil.test" : "127.0.0.1:" + server.port());
        assertThat(host).isNotEmpty();
    }

    @Test
    void authRequestHeadersChooseWhatTheAuthServerSees() {
        TestServer server = serve(forwardAuth("authRequestHeaders/0", "Authorization",
                "authRequestHeaders/1", "x-tenant"));

        Http.get(server.uri("/"), "Authorization", "Bearer t", "X-Tenant", "acme", "Cookie", "sid=1");

        AuthServer.Asked asked = auth.asked().get(0);
        assertThat(asked.header("Authorization")).containsExactly("Bearer t");
        assertThat(asked.header("X-Tenant")).containsExactly("acme");
        assertThat(asked.header("Cookie")).isEmpty();
        assertThat(asked.header("X-Forwarded-Uri")).containsExactly("/");
    }

    @Test
    void aRefusalIsTheAuthServersAnswerAndNeverReachesTheBackend() {
        auth.answer(403, "go away\n", "X-Reason", "no badge", "Content-Type", "text/plain", "Set-Cookie", "a=b");
        List<String> backendCalls = new ArrayList<>();
        TestServer server = serve(forwardAuth(), exchange -> backendCalls.add(exchange.getRequestURI()));

        HttpResponse<String> response = Http.get(server.uri("/admin"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEqualTo("go away\n");
        assertThat(response.headers().firstValue("X-Reason")).contains("no badge");
        assertThat(response.headers().firstValue("Set-Cookie")).contains("a=b");
        assertThat(backendCalls).isEmpty();
        assertThat(count("authFailed")).isEqualTo(1);
    }

    @ParameterizedTest(name = "preserveLocationHeader {0}")
    @CsvSource(textBlock = """
            false, /login?next=%2Fadmin, AUTH/login?next=%2Fadmin
            true,  /login?next=%2Fadmin, /login?next=%2Fadmin
            false, https://sso.test/x,   https://sso.test/x
            """)
    void aRedirectsLocationIsResolvedAgainstTheAuthServerUnlessPreserved(boolean preserve, String sent,
            String expected) {
        auth.answer(302, "", "Location", sent);
        TestServer server = serve(forwardAuth("preserveLocationHeader", Boolean.toString(preserve)));

        HttpResponse<String> response = Http.get(server.uri("/admin"));

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location"))
                .contains(expected.replace("AUTH", "http://127.0.0.1:" + auth.uri("").getPort()));
    }

    @Test
    void a401WithAuthSigninUrlRedirectsToIt() {
        auth.answer(401, "who are you", "WWW-Authenticate", "Bearer");
        TestServer server = serve(forwardAuth("authSigninURL", "https://sso.test/login?a=1&b=2"));

        HttpResponse<String> response = Http.get(server.uri("/admin"));

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).contains("https://sso.test/login?a=1&b=2");
        assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(response.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(response.body()).isEqualTo("<a href=\"https://sso.test/login?a=1&amp;b=2\">Found</a>.\n\n");
        assertThat(count("authFailed")).isEqualTo(1);
    }

    @Test
    void anUnreachableAuthServerIs500AndNeverForwards() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        List<String> backendCalls = new ArrayList<>();
        TestServer server = serve(DecodedMiddleware.of("sso", "forwardAuth", "address",
                "http://127.0.0.1:" + closedPort + "/verify"), exchange -> backendCalls.add("called"));

        HttpResponse<String> response = Http.get(server.uri("/"));

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEmpty();
        assertThat(backendCalls).isEmpty();
        assertThat(count("authError")).isEqualTo(1);
    }

    @Test
    void anAnswerBodyOverMaxResponseBodySizeIs401() {
        auth.answer(403, "0123456789");
        TestServer server = serve(forwardAuth("maxResponseBodySize", "9"));

        assertThat(Http.get(server.uri("/")).statusCode()).isEqualTo(401);
        assertThat(count("authError")).isEqualTo(1);
        auth.answer(403, "012345678");
        assertThat(Http.get(server.uri("/")).statusCode()).isEqualTo(403);
    }

    @Test
    void forwardBodySendsTheBodyToBothAndMaxBodySizeRefusesLargerOnes() {
        TestServer server = serve(forwardAuth("forwardBody", "true", "maxBodySize", "10",
                "preserveRequestMethod", "true"));

        HttpResponse<String> fits = post(server, "/form", "name=alice");
        HttpResponse<String> tooLarge = post(server, "/form", "name=alice!");

        assertThat(fits.statusCode()).isEqualTo(200);
        assertThat(auth.asked()).hasSize(1);
        assertThat(auth.asked().get(0).method()).isEqualTo("POST");
        assertThat(auth.asked().get(0).body()).isEqualTo("name=alice");
        assertThat(tooLarge.statusCode()).isEqualTo(401);
        assertThat(count("authFailed")).isEqualTo(1);
    }

    @Test
    void theProxiedBackendGetsTheBodyReadForTheAuthServer() {
        TestServer backend = TestServer.start(exchange -> exchange.getRequestReceiver().receiveFullString(
                (done, body) -> done.getResponseSender().send("backend got " + body)));
        servers.add(backend);
        TestServer server = serve(forwardAuth("forwardBody", "true"), backend.proxy());

        HttpResponse<String> small = post(server, "/form", "name=alice");
        HttpResponse<String> large = post(server, "/form", "x".repeat(100_000));

        assertThat(small.statusCode() + " " + small.body()).isEqualTo("200 backend got name=alice");
        assertThat(large.body()).hasSize("backend got ".length() + 100_000)
                .isEqualTo("backend got " + "x".repeat(100_000));
        assertThat(auth.asked().get(0).method()).isEqualTo("GET");
        assertThat(auth.asked().get(1).body()).hasSize(100_000);
    }

    @Test
    void withoutForwardBodyTheAuthServerGetsNoBody() {
        TestServer server = serve(forwardAuth());

        HttpResponse<String> response = post(server, "/form", "secret=1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(auth.asked().get(0).body()).isEmpty();
    }

    @Test
    void authResponseHeadersRegexReplacesEveryMatchingHeader() {
        auth.answer(204, "", "X-Auth-User", "alice", "x-auth-role", "admin", "X-Other", "no");
        TestServer server = serve(forwardAuth("authResponseHeadersRegex", "^X-Auth-"));

        Echo.Received received = Echo.Received.parse(Http.get(server.uri("/"), "X-Auth-Spoofed", "1",
                "x-auth-user", "mallory").body());

        assertThat(received.header("X-Auth-User")).containsExactly("alice");
        assertThat(received.header("X-Auth-Role")).containsExactly("admin");
        assertThat(received.header("X-Auth-Spoofed")).isEmpty();
        assertThat(received.header("X-Other")).isEmpty();
    }

    @Test
    void addAuthCookiesToResponseTakesTheListedCookiesFromTheAuthServer() {
        auth.answer(200, "", "Set-Cookie", "session=abc; Path=/", "Set-Cookie", "tracking=1");
        TestServer server = serve(forwardAuth("addAuthCookiesToResponse/0", "session"), exchange -> {
            exchange.getResponseHeaders().add(Headers.SET_COOKIE, "session=old");
            exchange.getResponseHeaders().add(Headers.SET_COOKIE, "theme=dark");
            exchange.getResponseSender().send("ok");
        });

        HttpResponse<String> response = Http.get(server.uri("/"));

        assertThat(response.headers().allValues("Set-Cookie")).containsExactly("theme=dark", "session=abc; Path=/");
    }

    @Test
    void theRequestContinuesOffTheIoThread() {
        TestServer server = serve(forwardAuth(), exchange ->
                exchange.getResponseSender().send("io=" + exchange.isInIoThread()));

        assertThat(Http.get(server.uri("/")).body()).isEqualTo("io=false");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            address                  | ftp://auth.test/     | address "ftp://auth.test/" (expected: an absolute http or https URL such as http://auth.example.com:9000/verify)
            authSigninURL            | /login               | authSigninURL "/login" (expected: an absolute http or https URL such as http://auth.example.com:9000/verify)
            authResponseHeadersRegex | ([a-z                | authResponseHeadersRegex "([a-z" (expected: a regular expression; Unclosed character class)
            tls/cert                 | /nonexistent.pem     | tls/key (not set) (expected: both cert and key, or neither)
            tls/ca                   | not a pem            | tls/ca "not a pem" (expected: a PEM file or PEM content with CA certificates; no CERTIFICATE block
            """)
    void refusesSettingsThatCannotWork(String field, String value, String message) {
        Middleware middleware = field.equals("address")
                ? DecodedMiddleware.of("sso", "forwardAuth", field, value) : forwardAuth(field, value);

        assertThatThrownBy(() -> MiddlewareChain.build(List.of(middleware), Echo.HANDLER))
                .isInstanceOfSatisfying(MiddlewareException.class, e ->
                        assertThat(e.kind()).isEqualTo(MiddlewareException.Kind.INVALID_SETTING))
                .hasMessageStartingWith("middleware \"sso\" (forwardAuth): " + message);
    }

    @Test
    void refusesAMiddlewareWithoutAddress() {
        assertThatThrownBy(() -> MiddlewareChain.build(List.of(DecodedMiddleware.of("sso", "forwardAuth",
                "trustForwardHeader", "true")), Echo.HANDLER))
                .hasMessage("middleware \"sso\" (forwardAuth): address (not set) (expected: an absolute http or https "
                        + "URL such as http://auth.example.com:9000/verify)");
    }
}
