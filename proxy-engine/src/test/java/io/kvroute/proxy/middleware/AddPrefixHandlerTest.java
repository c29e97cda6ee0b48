package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.kv.model.AddPrefix;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddPrefixHandlerTest {
    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            /api      | /users     | /api/users       | /api/users
            api       | /users     | /api/users       | /api/users
            /api/     | /users     | /api//users      | /api//users
            /my app   | /a%20b     | /my app/a b      | /my%20app/a%20b
            /100%     | /x         | /100%/x          | /100%25/x
            /v2       | /          | /v2/             | /v2/
            """)
    void putsThePrefixInFrontOfThePath(String prefix, String requested, String path, String uri) {
        AddPrefix middleware = new AddPrefix("add", prefix);
        try (TestServer server = TestServer.start(MiddlewareChain.build(List.of(middleware), Echo.HANDLER).handler())) {
            Echo.Received received = Echo.Received.parse(Http.get(server.uri(requested + "?q=1")).body());

            assertThat(received.path()).isEqualTo(path);
            assertThat(received.uri()).isEqualTo(uri);
            assertThat(received.query()).isEqualTo("q=1");
        }
    }

    @Test
    void forwardsThePrefixedPathThroughTheProxy() {
        try (TestServer backend = TestServer.start(Echo.HANDLER);
                TestServer front = TestServer.start(MiddlewareChain.build(
                        List.of(new AddPrefix("add", "/v2")), backend.proxy()).handler())) {
            Echo.Received received = Echo.Received.parse(Http.get(front.uri("/users?id=7")).body());

            assertThat(received.uri()).isEqualTo("/v2/users");
            assertThat(received.query()).isEqualTo("id=7");
        }
    }

    @Test
    void refusesAnEmptyPrefix() {
        assertThatThrownBy(() -> MiddlewareChain.build(List.of(new AddPrefix("add", "")), Echo.HANDLER))
                .isInstanceOfSatisfying(MiddlewareException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MiddlewareException.Kind.INVALID_SETTING);
                    assertThat(e.middleware()).isEqualTo("add");
                })
                .hasMessage("middleware \"add\" (addPrefix): prefix \"\" (expected: a non-empty path prefix)");
    }
}
