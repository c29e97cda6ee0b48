package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.kv.model.BasicAuth;
import io.undertow.server.HttpHandler;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hashes made by libxcrypt's crypt(3) and openssl passwd; the apr1 one is the v1_13 vector's. */
class BasicAuthHandlerTest {
    private static final String BCRYPT_2Y = "$2y$05$kvroutekvroutekvroute.N34XKDlMoRUI5duJsoc6h4Rx5q/4gkO";
    private static final String APR1_TEST = "$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/";

    private static BasicAuth auth(List<String> users) {
        return new BasicAuth("auth", users, Optional.empty(), Optional.empty(), false, Optional.empty());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static TestServer serve(BasicAuth auth) {
        return TestServer.start(MiddlewareChain.build(List.of(auth), Echo.HANDLER).handler());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            $2y$05$kvroutekvroutekvroute.N34XKDlMoRUI5duJsoc6h4Rx5q/4gkO | s3cret pass
            $2a$05$kvroutekvroutekvroute.N34XKDlMoRUI5duJsoc6h4Rx5q/4gkO | s3cret pass
            $2b$05$kvroutekvroutekvroute.N34XKDlMoRUI5duJsoc6h4Rx5q/4gkO | s3cret pass
            $apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/                        | test
            $1$kvroute1$dkyV8DYnVdTan0IHlP0aF1                           | s3cret pass
            {SHA}ohgYgF2kkgMlRbH1HlEDczlOc+M=                            | s3cret pass
            """)
    void letsTheRightPasswordThroughAndNothingElse(String hash, String password) {
        try (TestServer server = serve(auth(List.of("test:" + hash)))) {
            HttpResponse<String> right = Http.get(server.uri("/"), "Authorization", basic("test", password));
            HttpResponse<String> again = Http.get(server.uri("/"), "Authorization", basic("test", password));
            HttpResponse<String> wrong = Http.get(server.uri("/"), "Authorization", basic("test", password + "x"));
            HttpResponse<String> otherUser = Http.get(server.uri("/"), "Authorization", basic("tess", password));
            HttpResponse<String> none = Http.get(server.uri("/"));

            assertThat(right.statusCode()).isEqualTo(200);
            assertThat(again.statusCode()).isEqualTo(200);
            for (HttpResponse<String> refused : List.of(wrong, otherUser, none)) {
                assertThat(refused.statusCode()).isEqualTo(401);
                assertThat(refused.headers().allValues("WWW-Authenticate")).containsExactly("Basic realm=\"traefik\"");
                assertThat(refused.body()).isEqualTo("401 Unauthorized\n");
            }
        }
    }

    @Test
    void countsEveryRefusalAsAuthFailed() {
        MiddlewareEvents events = new MiddlewareEvents();
        try (TestServer server = TestServer.start(
                MiddlewareChain.build(List.of(auth(List.of("test:" + APR1_TEST))), Echo.HANDLER, events).handler())) {
            Http.get(server.uri("/"));
            Http.get(server.uri("/"), "Authorization", basic("test", "wrong"));
            Http.get(server.uri("/"), "Authorization", basic("test", "test"));

            assertThat(events.snapshot().get("auth")).containsEntry("authFailed", 2L);
        }
    }

    @Test
    void checksPasswordsOffTheIoThread() {
        HttpHandler reportThread = exchange -> exchange.getResponseSender().send("io=" + exchange.isInIoThread());
        try (TestServer server = TestServer.start(
                MiddlewareChain.build(List.of(auth(List.of("test:" + BCRYPT_2Y))), reportThread).handler())) {
            HttpResponse<String> response = Http.get(server.uri("/"), "Authorization", basic("test", "s3cret pass"));

            assertThat(response.body()).isEqualTo("io=false");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Bearer abc
            Basic not-base64!
            Basic dGVzdA==
            """)
    void refusesAnAuthorizationThatIsNotBasicCredentials(String authorization) {
        try (TestServer server = serve(auth(List.of("test:" + APR1_TEST)))) {
            assertThat(Http.get(server.uri("/"), "Authorization", authorization).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void acceptsTheSchemeInAnyCase() {
        try (TestServer server = serve(auth(List.of("test:" + APR1_TEST)))) {
            String lowerCase = "basic " + basic("test", "test").substring("Basic ".length());

            assertThat(Http.get(server.uri("/"), "Authorization", lowerCase).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void forwardsTheAuthorizationHeaderByDefault() {
        try (TestServer server = serve(auth(List.of("test:" + APR1_TEST)))) {
            Echo.Received received = Echo.Received.parse(
                    Http.get(server.uri("/"), "Authorization", basic("test", "test")).body());

            assertThat(received.header("Authorization")).containsExactly(basic("test", "test"));
        }
    }

    @Test
    void removesTheAuthorizationHeaderWhenAsked() {
        BasicAuth auth = new BasicAuth("auth", List.of("test:" + APR1_TEST), Optional.empty(), Optional.empty(),
                true, Optional.empty());
        try (TestServer server = serve(auth)) {
            Echo.Received received = Echo.Received.parse(
                    Http.get(server.uri("/"), "Authorization", basic("test", "test")).body());

            assertThat(received.header("Authorization")).isEmpty();
        }
    }

    @Test
    void putsTheUserNameInHeaderFieldReplacingWhatTheClientSent() {
        BasicAuth auth = new BasicAuth("auth", List.of("test:" + APR1_TEST), Optional.empty(), Optional.empty(),
                false, Optional.of("X-WebAuth-User"));
        try (TestServer server = serve(auth)) {
            Echo.Received received = Echo.Received.parse(Http.get(server.uri("/"),
                    "Authorization", basic("test", "test"), "X-WebAuth-User", "admin").body());

            assertThat(received.header("X-WebAuth-User")).containsExactly("test");
        }
    }

    @Test
    void usesTheConfiguredRealmQuoted() {
        BasicAuth auth = new BasicAuth("auth", List.of("test:" + APR1_TEST), Optional.empty(),
                Optional.of("my \"private\" area"), false, Optional.empty());
        try (TestServer server = serve(auth)) {
            assertThat(Http.get(server.uri("/")).headers().allValues("WWW-Authenticate"))
                    .containsExactly("Basic realm=\"my \\\"private\\\" area\"");
        }
    }

    @Test
    void readsUsersFromTheUsersFileAndLetsUsersOverrideIt(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("htpasswd");
        Files.writeString(file, "# admins\n\n  test:" + BCRYPT_2Y + "  \r\nother:" + APR1_TEST + "\n");
        BasicAuth auth = new BasicAuth("auth", List.of("other:{SHA}ohgYgF2kkgMlRbH1HlEDczlOc+M="),
                Optional.of(file.toString()), Optional.empty(), false, Optional.empty());
        try (TestServer server = serve(auth)) {
            assertThat(Http.get(server.uri("/"), "Authorization", basic("test", "s3cret pass")).statusCode())
                    .isEqualTo(200);
            assertThat(Http.get(server.uri("/"), "Authorization", basic("other", "s3cret pass")).statusCode())
                    .isEqualTo(200);
            assertThat(Http.get(server.uri("/"), "Authorization", basic("other", "test")).statusCode())
                    .isEqualTo(401);
        }
    }

    @Test
    void reportsAnUnreadableUsersFile(@TempDir Path dir) {
        String missing = dir.resolve("missing").toString();
        BasicAuth auth = new BasicAuth("auth", List.of(), Optional.of(missing), Optional.empty(), false,
                Optional.empty());

        assertThatThrownBy(() -> MiddlewareChain.build(List.of(auth), Echo.HANDLER))
                .isInstanceOfSatisfying(MiddlewareException.class, e ->
                        assertThat(e.kind()).isEqualTo(MiddlewareException.Kind.USERS_FILE_UNREADABLE))
                .hasMessage("middleware \"auth\" (basicAuth): usersFile \"" + missing + "\": cannot be read "
                        + "(NoSuchFileException; expected: a readable UTF-8 htpasswd file)");
    }

    @Test
    void reportsAMalformedEntryWithoutShowingIt(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("htpasswd");
        Files.writeString(file, "test:" + APR1_TEST + "\nbroken" + BCRYPT_2Y + "\n");
        BasicAuth auth = new BasicAuth("auth", List.of(), Optional.of(file.toString()), Optional.empty(), false,
                Optional.empty());

        assertThatThrownBy(() -> MiddlewareChain.build(List.of(auth), Echo.HANDLER))
                .isInstanceOfSatisfying(MiddlewareException.class, e ->
                        assertThat(e.kind()).isEqualTo(MiddlewareException.Kind.INVALID_SETTING))
                .hasMessage("middleware \"auth\" (basicAuth): usersFile \"" + file + "\" line 2: not a user entry "
                        + "(expected: name:hash with exactly one ':')");
    }

    @Test
    void refusesAMiddlewareWithoutUsers() {
        assertThatThrownBy(() -> MiddlewareChain.build(List.of(auth(List.of())), Echo.HANDLER))
                .isInstanceOf(MiddlewareException.class)
                .hasMessage("middleware \"auth\" (basicAuth): no users (expected: users or a usersFile with "
                        + "name:hash lines)");
    }

    @Test
    void reportsAUserWhoseHashItCannotCheckAndRefusesThem() {
        MiddlewareChain chain = MiddlewareChain.build(
                List.of(auth(List.of("plain:secret", "test:" + APR1_TEST))), Echo.HANDLER);

        assertThat(chain.warnings()).extracting(MiddlewareWarning::toLine).containsExactly(
                "middleware \"auth\" (basicAuth): user \"plain\": hash format not supported (expected: bcrypt "
                        + "$2a$/$2b$/$2y$, $apr1$, $1$ or {SHA}); this user cannot log in");
        assertThat(chain.warnings()).extracting(MiddlewareWarning::deviation)
                .containsExactly(ToleratedDeviation.BASIC_AUTH_UNCHECKABLE_HASH);
        try (TestServer server = TestServer.start(chain.handler())) {
            assertThat(Http.get(server.uri("/"), "Authorization", basic("plain", "secret")).statusCode())
                    .isEqualTo(401);
            assertThat(Http.get(server.uri("/"), "Authorization", basic("test", "test")).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void refusesAHeaderFieldThatIsNotAHeaderName() {
        BasicAuth auth = new BasicAuth("auth", List.of("test:" + APR1_TEST), Optional.empty(), Optional.empty(),
                false, Optional.of("X User"));

        assertThatThrownBy(() -> MiddlewareChain.build(List.of(auth), Echo.HANDLER))
                .isInstanceOf(MiddlewareException.class)
                .hasMessage("middleware \"auth\" (basicAuth): headerField: header name \"X User\" (expected: "
                        + "letters, digits and !#$%&'*+-.^_`|~)");
    }
}
