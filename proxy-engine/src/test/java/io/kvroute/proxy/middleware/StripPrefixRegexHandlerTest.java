package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.kv.model.Middleware;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Traefik's stripPrefixRegex on its documentation's example and the cases of its own tests. */
class StripPrefixRegexHandlerTest {
    private static Middleware strip(String... regexes) {
        return KvMiddleware.of("strip", "stripPrefixRegex", Arrays.stream(regexes)
                .map(regex -> "\"" + regex + "\"").collect(Collectors.joining(", ", "{\"regex\": [", "]}")));
    }

    private static HttpResponse<String> get(Middleware middleware, String requested) {
        try (TestServer server = TestServer.start(MiddlewareChain.build(List.of(middleware), Echo.HANDLER).handler())) {
            return Http.get(server.uri(requested));
        }
    }

    @ParameterizedTest(name = "{0} on {1} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            /foo/[a-z0-9]+/[0-9]+/     | /foo/abc/123/bar    | /bar       | /bar       | /foo/abc/123/
            /a/api/                    | /a/test             | /a/test    | /a/test    | none
            /a/api/                    | /a/api/             | /          | /          | /a/api/
            /a/api/                    | /a/api/test/        | /test/     | /test/     | /a/api/
            /b/([a-z0-9]+)/            | /b/api              | /b/api     | /b/api     | none
            /b/([a-z0-9]+)/            | /b/api2/test2       | /test2     | /test2     | /b/api2/
            /c/[a-z0-9]+/[0-9]+/       | /c/api/abc/test4    | /c/api/abc/test4 | /c/api/abc/test4 | none
            /a/api/                    | /a/api/a%2Fb        | /a%2Fb     | /a%2Fb     | /a/api/
            /b/([a-z0-9]+)/            | /b/ap%69/test       | /test      | /test      | /b/api/
            '/t /test'                 | /t%20/test/a%2Fb    | /a%2Fb     | /a%2Fb     | /t /test
            /api                       | /x/api/y            | /x/api/y   | /x/api/y   | none
            /nope,/a/                  | /a/b                | /b         | /b         | /a/
            '  /a/  '                  | /a/b                | /b         | /b         | /a/
            """)
    void stripsTheFirstRegexMatchThatStartsThePath(String regexes, String requested, String path, String uri,
            String forwardedPrefix) {
        HttpResponse<String> response = get(strip(regexes.split(",")), requested + "?q=1");

        assertThat(response.statusCode()).isEqualTo(200);
        Echo.Received received = Echo.Received.parse(response.body());
        assertThat(received.path()).isEqualTo(path);
        assertThat(received.uri()).isEqualTo(uri);
        assertThat(received.query()).isEqualTo("q=1");
        assertThat(received.header("X-Forwarded-Prefix"))
                .isEqualTo(forwardedPrefix == null ? List.of() : List.of(forwardedPrefix));
    }

    @ParameterizedTest
    @CsvSource({"/api./foo", "/api/./foo", "/api//foo", "/api/../secret"})
    void refusesWhatRemainsIfItIsNotANormalPath(String requested) {
        assertThat(get(strip("/api"), requested).statusCode()).isEqualTo(400);
    }

    @Test
    void aRegexMatchingNothingStripsNothing() {
        Echo.Received received = Echo.Received.parse(get(strip("x*"), "/a").body());

        assertThat(received.uri()).isEqualTo("/a");
        assertThat(received.header("X-Forwarded-Prefix")).isEmpty();
    }

    @Test
    void forwardsTheStrippedPathThroughTheProxy() {
        try (TestServer backend = TestServer.start(Echo.HANDLER);
                TestServer front = TestServer.start(MiddlewareChain.build(
                        List.of(strip("/tenant/[0-9]+")), backend.proxy()).handler())) {
            Echo.Received received = Echo.Received.parse(Http.get(front.uri("/tenant/42/users?page=2")).body());

            assertThat(received.uri()).isEqualTo("/users");
            assertThat(received.query()).isEqualTo("page=2");
            assertThat(received.header("X-Forwarded-Prefix")).containsExactly("/tenant/42");
        }
    }

    @Test
    void refusesARegexThatDoesNotCompile() {
        assertThatThrownBy(() -> MiddlewareChain.build(List.of(strip("/ok", "/a(")), Echo.HANDLER))
                .isInstanceOfSatisfying(MiddlewareException.class, e ->
                        assertThat(e.kind()).isEqualTo(MiddlewareException.Kind.INVALID_SETTING))
                .hasMessageStartingWith("middleware \"strip\" (stripPrefixRegex): regex [\"/ok\",\"/a(\"] "
                        + "(expected: a Go regular expression; \"/a(\" does not compile: ");
    }
}
