package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.kv.model.Middleware;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Users from Traefik's digest tests: test/test, test2/test2 in realm traefik (htdigest hashes). */
class DigestAuthHandlerTest {
    private static final String TEST = "test:traefik:a2688e031edb4be6a3797f3882655c05";
    private static final String TEST2 = "test2:traefik:518845800f9e2bfb1f1f740ec24f074e";
    private static final String CHALLENGE = "Digest realm=\"traefik\", nonce=\"[A-Za-z0-9+/]{16}\", "
            + "opaque=\"[A-Za-z0-9+/]{16}\", algorithm=\"MD5\", qop=\"auth\"";

    private final MiddlewareEvents events = new MiddlewareEvents();

    private TestServer serve(Middleware middleware) {
        return TestServer.start(MiddlewareChain.build(List.of(middleware), Echo.HANDLER, events).handler());
    }

    private static DigestClient.Challenge challenge(TestServer server, String path) {
        return DigestClient.Challenge.parse(
                Http.get(server.uri(path)).headers().firstValue("WWW-Authenticate").orElseThrow());
    }

    private long failed(String middleware) {
        return events.snapshot().getOrDefault(middleware, Collections.emptySortedMap())
                .getOrDefault("authFailed", 0L);
    }

    @Test
    void challengesARequestWithoutCredentialsAsGoHttpAuth() {
        try (TestServer server = serve(DecodedMiddleware.of("digest", "digestAuth", "users/0", TEST))) {
            HttpResponse<String> response = Http.get(server.uri("/"));

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().allValues("WWW-Authenticate")).singleElement().asString()
                    .matches(CHALLENGE);
            assertThat(response.headers().firstValue("Content-Type")).contains("text/plain");
            assertThat(response.body()).isEqualTo("401 Unauthorized\n");
            assertThat(failed("digest")).isEqualTo(1);
        }
    }

    @Test
    void letsTheRightPasswordThroughWithGrowingCountsAndRefusesReplays() {
        try (TestServer server = serve(DecodedMiddleware.of("digest", "digestAuth", "users/0", TEST))) {
            DigestClient.Challenge challenge = challenge(server, "/");

            HttpResponse<String> first = Http.get(server.uri("/"), "Authorization",
                    challenge.authorization("test", "test", "GET", "/", 1));
            HttpResponse<String> second = Http.get(server.uri("/a?b=1"), "Authorization",
                    challenge.authorization("test", "test", "GET", "/a?b=1", 2));
            HttpResponse<String> replay = Http.get(server.uri("/a?b=1"), "Authorization",
                    challenge.authorization("test", "test", "GET", "/a?b=1", 2));
            HttpResponse<String> older = Http.get(server.uri("/"), "Authorization",
                    challenge.authorization("test", "test", "GET", "/", 1));

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(Echo.Received.parse(first.body()).header("Authorization")).singleElement().asString()
                    .startsWith("Digest username=\"test\"");
            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(replay.statusCode()).isEqualTo(401);
            assertThat(replay.headers().firstValue("WWW-Authenticate").orElseThrow()).matches(CHALLENGE);
            assertThat(older.statusCode()).isEqualTo(401);
            assertThat(older.headers().firstValue("WWW-Authenticate").orElseThrow()).matches(
                    CHALLENGE.replace("algorithm", "stale=\"true\", algorithm"));
            assertThat(failed("digest")).isEqualTo(3);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            wrong password          | test  | nope | /    | /
            unknown user            | tess  | test | /    | /
            uri of another request  | test  | test | /other | /
            method of another       | test  | test | POST | /
            """)
    void refusesWrongCredentials(String what, String user, String password, String methodOrPath, String path) {
        try (TestServer server = serve(DecodedMiddleware.of("digest", "digestAuth", "users/0", TEST))) {
            DigestClient.Challenge challenge = challenge(server, "/");
            String method = methodOrPath.equals("POST") ? "POST" : "GET";
            String signedUri = methodOrPath.equals("POST") ? "/" : methodOrPath;

            HttpResponse<String> response = Http.get(server.uri(path), "Authorization",
                    challenge.authorization(user, password, method, signedUri, 1));

            assertThat(response.statusCode()).isEqualTo(401);
        }
    }

    @Test
    void refusesANonceItDidNotIssueAndAnotherOpaque() {
        try (TestServer server = serve(DecodedMiddleware.of("digest", "digestAuth", "users/0", TEST));
                TestServer other = serve(DecodedMiddleware.of("other", "digestAuth", "users/0", TEST))) {
            DigestClient.Challenge fromOther = challenge(other, "/");
            DigestClient.Challenge mine = challenge(server, "/");
            DigestClient.Challenge forgedNonce = new DigestClient.Challenge(mine.realm(), "AAAAAAAAAAAAAAAA",
                    mine.opaque(), false);

            assertThat(Http.get(server.uri("/"), "Authorization",
                    fromOther.authorization("test", "test", "GET", "/", 1)).statusCode()).isEqualTo(401);
            assertThat(Http.get(server.uri("/"), "Authorization",
                    forgedNonce.authorization("test", "test", "GET", "/", 1)).statusCode()).isEqualTo(401);
            assertThat(Http.get(server.uri("/"), "Authorization", "Basic dGVzdDp0ZXN0").statusCode())
                    .isEqualTo(401);
            assertThat(Http.get(server.uri("/"), "Authorization",
                    mine.authorization("test", "test", "GET", "/", 1)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void acceptsADigestUriThatIsAPathPrefixOfTheRequestAsGoHttpAuth() {
        try (TestServer server = serve(DecodedMiddleware.of("digest", "digestAuth", "users/0", TEST))) {
            DigestClient.Challenge challenge = challenge(server, "/");

            assertThat(Http.get(server.uri("/dir/index.html"), "Authorization",
                    challenge.authorization("test", "test", "GET", "/dir", 1)).statusCode()).isEqualTo(200);
            assertThat(Http.get(server.uri("/dirt"), "Authorization",
                    challenge.authorization("test", "test", "GET", "/dir/index.html", 2)).statusCode())
                    .isEqualTo(401);
        }
    }

    @Test
    void onlyUsersOfTheConfiguredRealmLogIn() {
        try (TestServer server = serve(DecodedMiddleware.of("digest", "digestAuth", "users/0", TEST,
                "users/1", "test:private:" + DigestClient.md5("test:private:secret"), "realm", "private"))) {
            DigestClient.Challenge challenge = challenge(server, "/");

            assertThat(challenge.realm()).isEqualTo("private");
            assertThat(Http.get(server.uri("/"), "Authorization",
                    challenge.authorization("test", "test", "GET", "/", 1)).statusCode()).isEqualTo(401);
            assertThat(Http.get(server.uri("/"), "Authorization",
                    challenge.authorization("test", "secret", "GET", "/", 2)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void putsTheUserInHeaderFieldAndRemovesTheAuthorizationWhenAsked() {
        try (TestServer server = serve(DecodedMiddleware.of("digest", "digestAuth", "users/0", TEST,
                "headerField", "X-WebAuth-User", "removeHeader", "true"))) {
            DigestClient.Challenge challenge = challenge(server, "/");

            Echo.Received received = Echo.Received.parse(Http.get(server.uri("/"), "X-WebAuth-User", "admin",
                    "Authorization", challenge.authorization("test", "test", "GET", "/", 1)).body());

            assertThat(received.header("X-WebAuth-User")).containsExactly("test");
            assertThat(received.header("Authorization")).isEmpty();
        }
    }

    @Test
    void readsTheUsersFileAndLetsUsersOverrideIt(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("htdigest");
        Files.writeString(file, "# users\n" + TEST + "\n\n  " + TEST2 + "  \n");
        try (TestServer server = serve(DecodedMiddleware.of("digest", "digestAuth", "usersFile", file.toString(),
                "users/0", "test2:traefik:" + DigestClient.md5("test2:traefik:overridden")))) {
            DigestClient.Challenge challenge = challenge(server, "/");

            assertThat(Http.get(server.uri("/"), "Authorization",
                    challenge.authorization("test", "test", "GET", "/", 1)).statusCode()).isEqualTo(200);
            assertThat(Http.get(server.uri("/"), "Authorization",
                    challenge.authorization("test2", "test2", "GET", "/", 2)).statusCode()).isEqualTo(401);
            assertThat(Http.get(server.uri("/"), "Authorization",
                    challenge.authorization("test2", "overridden", "GET", "/", 3)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void withoutUsersNobodyLogsIn() {
        try (TestServer server = serve(DecodedMiddleware.of("digest", "digestAuth", "realm", "traefik"))) {
            DigestClient.Challenge challenge = challenge(server, "/");

            assertThat(Http.get(server.uri("/"), "Authorization",
                    challenge.authorization("test", "test", "GET", "/", 1)).statusCode()).isEqualTo(401);
        }
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '^', textBlock = """
            users/0     ^ test                       ^ users/0: not a user entry (expected: name:realm:hash with exactly two ':')
            users/0     ^ test:a2688e031edb4be6a3797 ^ users/0: not a user entry (expected: name:realm:hash with exactly two ':')
            realm       ^ my "realm"                 ^ realm "my "realm"" (expected: printable text without '"')
            """)
    void refusesSettingsThatCannotWork(String field, String value, String message) {
        Middleware middleware = field.startsWith("users")
                ? DecodedMiddleware.of("digest", "digestAuth", field, value)
                : DecodedMiddleware.of("digest", "digestAuth", "users/0", TEST, field, value);

        assertThatThrownBy(() -> MiddlewareChain.build(List.of(middleware), Echo.HANDLER))
                .isInstanceOfSatisfying(MiddlewareException.class, e ->
                        assertThat(e.kind()).isEqualTo(MiddlewareException.Kind.INVALID_SETTING))
                .hasMessage("middleware \"digest\" (digestAuth): " + message);
    }

    @Test
    void refusesAHeaderFieldThatIsNotAHeaderName() {
        Middleware middleware = DecodedMiddleware.of("digest", "digestAuth", "users/0", TEST, "headerField", "X User");

        assertThatThrownBy(() -> MiddlewareChain.build(List.of(middleware), Echo.HANDLER))
                .hasMessage("middleware \"digest\" (digestAuth): headerField \"X User\" (expected: an HTTP header "
                        + "name: letters, digits and !#$%&'*+-.^_`|~)");
    }

    @Test
    void reportsAnUnreadableUsersFile(@TempDir Path dir) {
        String missing = dir.resolve("missing").toString();

        assertThatThrownBy(() -> MiddlewareChain.build(
                List.of(DecodedMiddleware.of("digest", "digestAuth", "usersFile", missing)), Echo.HANDLER))
                .isInstanceOfSatisfying(MiddlewareException.class, e ->
                        assertThat(e.kind()).isEqualTo(MiddlewareException.Kind.USERS_FILE_UNREADABLE));
    }
}
