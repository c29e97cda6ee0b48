package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.kv.model.Middleware;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplacePathHandlerTest {
    private static Middleware replace(String path) {
        return KvMiddleware.of("replace", "replacePath", "{\"path\": \"" + path + "\"}");
    }

    @ParameterizedTest(name = "{0} on {1} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            /foo    | /bar/baz  | /foo    | /foo    | /bar/baz
            /foo    | /         | /foo    | /foo    | /
            /a%20b  | /x        | /a b    | /a%20b  | /x
            /a b    | /x        | /a b    | /a%20b  | /x
            /x%2Fy  | /x        | /x%2Fy  | /x%2Fy  | /x
            /foo    | /a%2Fb    | /foo    | /foo    | /a%2Fb
            /foo    | /a%C3%A9  | /foo    | /foo    | /a%C3%A9
            """)
    void replacesThePathAndSendsTheOneBefore(String path, String requested, String decoded, String uri,
            String replaced) {
        try (TestServer server = TestServer.start(
                MiddlewareChain.build(List.of(replace(path)), Echo.HANDLER).handler())) {
            HttpResponse<String> response = Http.get(server.uri(requested + "?q=1"));

            assertThat(response.statusCode()).isEqualTo(200);
            Echo.Received received = Echo.Received.parse(response.body());
            assertThat(received.path()).isEqualTo(decoded);
            assertThat(received.uri()).isEqualTo(uri);
            assertThat(received.query()).isEqualTo("q=1");
            assertThat(received.header("X-Replaced-Path")).containsExactly(replaced);
        }
    }

    @Test
    void forwardsTheReplacedPathThroughTheProxy() {
        try (TestServer backend = TestServer.start(Echo.HANDLER);
                TestServer front = TestServer.start(
                        MiddlewareChain.build(List.of(replace("/foo")), backend.proxy()).handler())) {
            Echo.Received received = Echo.Received.parse(Http.get(front.uri("/bar/baz?page=2")).body());

            assertThat(received.uri()).isEqualTo("/foo");
            assertThat(received.query()).isEqualTo("page=2");
            assertThat(received.header("X-Replaced-Path")).containsExactly("/bar/baz");
        }
    }

    @Test
    void aSecondReplacementAddsASecondHeaderValue() {
        try (TestServer server = TestServer.start(MiddlewareChain.build(
                List.of(replace("/one"), replace("/two")), Echo.HANDLER).handler())) {
            Echo.Received received = Echo.Received.parse(Http.get(server.uri("/zero")).body());

            assertThat(received.uri()).isEqualTo("/two");
            assertThat(received.header("X-Replaced-Path")).containsExactly("/zero", "/one");
        }
    }

    @Test
    void refusesAPathWithAMalformedEscape() {
        assertThatThrownBy(() -> MiddlewareChain.build(List.of(replace("/a%zz")), Echo.HANDLER))
                .isInstanceOfSatisfying(MiddlewareException.class, e ->
                        assertThat(e.kind()).isEqualTo(MiddlewareException.Kind.INVALID_SETTING))
                .hasMessage("middleware \"replace\" (replacePath): path \"/a%zz\" (expected: a path whose percent "
                        + "signs start escapes such as %20; \"%zz\" is not one)");
    }
}
