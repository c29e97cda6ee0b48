package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.kv.model.Middleware;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Traefik's replacePathRegex on its documentation's example and the cases of its own tests. */
class ReplacePathRegexHandlerTest {
    private static Middleware replace(String regex, String replacement) {
        return KvMiddleware.of("replace", "replacePathRegex", "{\"regex\": \"" + regex.replace("\\", "\\\\")
                + "\", \"replacement\": \"" + replacement + "\"}");
    }

    private static HttpResponse<String> get(Middleware middleware, String requested) {
        try (TestServer server = TestServer.start(MiddlewareChain.build(List.of(middleware), Echo.HANDLER).handler())) {
            return Http.get(server.uri(requested));
        }
    }

    @ParameterizedTest(name = "{0} -> {1} on {2}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            ^/foo/(.*)                         | /bar/$1            | /foo/baz?q=1             | /bar/baz                | /bar/baz                | /foo/baz
            ^/whoami/(.*)                      | /who-am-i/$1       | /whoami/and/whoami       | /who-am-i/and/whoami    | /who-am-i/and/whoami    | /whoami/and/whoami
            /whoami                            | /who-am-i          | /whoami/and/whoami       | /who-am-i/and/who-am-i  | /who-am-i/and/who-am-i  | /whoami/and/whoami
            /whoami                            | ''                 | /whoami/and/whoami       | /and                    | /and                    | /whoami/and/whoami
            /whoami                            | ' '                | /whoami/and/whoami       | /and                    | /and                    | /whoami/and/whoami
            /no-match                          | /whoami            | /whoami/and/whoami       | /whoami/and/whoami      | /whoami/and/whoami      | none
            ^(?i)/downloads/([^/]+)/([^/]+)$   | /downloads/$1-$2   | /DOWNLOADS/src/source.go | /downloads/src-source.go | /downloads/src-source.go | /DOWNLOADS/src/source.go
            /aaa/bbb                           | /foo%2Fbar         | /aaa/bbb                 | /foo%2Fbar              | /foo%2Fbar              | /aaa/bbb
            /aaa%2Fbbb                         | /foo/bar           | /aaa%2Fbbb               | /foo/bar                | /foo/bar                | /aaa%2Fbbb
            ^/a%20(.*)                         | /b/$1              | /a%20x                   | /b/x                    | /b/x                    | /a%20x
            ^/(.*)                             | /with space/$1     | /x                       | /with space/x           | /with%20space/x         | /x
            ' ^/foo/(.*) '                     | ' /bar/$1 '        | /foo/baz                 | /bar/baz                | /bar/baz                | /foo/baz
            """)
    void replacesWhatTheRegexMatchesInTheRawPath(String regex, String replacement, String requested, String path,
            String uri, String replaced) {
        HttpResponse<String> response = get(replace(regex, replacement), requested);

        assertThat(response.statusCode()).isEqualTo(200);
        Echo.Received received = Echo.Received.parse(response.body());
        assertThat(received.path()).isEqualTo(path);
        assertThat(received.uri()).isEqualTo(uri);
        assertThat(received.header("X-Replaced-Path")).isEqualTo(replaced == null ? List.of() : List.of(replaced));
    }

    @Test
    void keepsTheQuery() {
        Echo.Received received = Echo.Received.parse(get(replace("^/foo/(.*)", "/bar/$1"), "/foo/x?a=1&b").body());

        assertThat(received.query()).isEqualTo("a=1&b");
    }

    @ParameterizedTest(name = "{0} -> {1} on {2}")
    @CsvSource(delimiter = '|', textBlock = """
            ^/foo(.*)  | /$1      | /foo../bar
            ^/foo(.*)  | /$1      | /foo/./bar
            ^/(.*)     | /a//$1   | /x
            ^/(.*)     | /a/../$1 | /x
            """)
    void refusesAReplacementThatIsNotANormalPath(String regex, String replacement, String requested) {
        HttpResponse<String> response = get(replace(regex, replacement), requested);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("Bad Request\n");
    }

    @Test
    void answersInternalServerErrorWhenTheReplacementHasAMalformedEscape() {
        HttpResponse<String> response = get(replace("^/(.*)", "/%zz$1"), "/x");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("invalid URL escape \"%zz\"\n");
    }

    @Test
    void forwardsTheReplacedPathThroughTheProxy() {
        try (TestServer backend = TestServer.start(Echo.HANDLER);
                TestServer front = TestServer.start(MiddlewareChain.build(
                        List.of(replace("^/api/v1/(.*)", "/v2/$1")), backend.proxy()).handler())) {
            Echo.Received received = Echo.Received.parse(Http.get(front.uri("/api/v1/users/a%2Fb?page=2")).body());

            assertThat(received.uri()).isEqualTo("/v2/users/a%2Fb");
            assertThat(received.query()).isEqualTo("page=2");
            assertThat(received.header("X-Replaced-Path")).containsExactly("/api/v1/users/a%2Fb");
        }
    }

    @Test
    void refusesARegexThatDoesNotCompile() {
        assertThatThrownBy(() -> MiddlewareChain.build(
                List.of(replace("^(?err)/invalid/regexp/([^/]+)$", "/valid/regexp/$1")), Echo.HANDLER))
                .isInstanceOfSatisfying(MiddlewareException.class, e ->
                        assertThat(e.kind()).isEqualTo(MiddlewareException.Kind.INVALID_SETTING))
                .hasMessageStartingWith("middleware \"replace\" (replacePathRegex): regex \"^(?err)/invalid/regexp/"
                        + "([^/]+)$\" (expected: a Go regular expression; ");
    }
}
