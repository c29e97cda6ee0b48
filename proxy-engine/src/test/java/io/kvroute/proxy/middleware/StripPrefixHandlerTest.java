package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.StripPrefix;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StripPrefixHandlerTest {
    private static Middleware strip(String... prefixes) {
        return new StripPrefix("strip", List.of(prefixes), Optional.empty());
    }

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            /api           | /api/users        | /users      | /users      | /api
            /api           | /api              | /           | /           | /api
            /api/          | /api/             | /           | /           | /api/
            /api/          | /api/users        | /users      | /users      | /api/
            /stat          | /status           | /us         | /us         | /stat
            /stat,/stat/us | /stat/us          | /us         | /us         | /stat
            /nope,/stat    | /stat/x           | /x          | /x          | /stat
            /api           | /other            | /other      | /other      | none
            /api           | /api/a%20b        | /a b        | /a%20b      | /api
            /api           | /ap%69/v1         | /v1         | /v1         | /api
            /a%2Fb         | /a%2Fb/x          | /x          | /x          | /a%2Fb
            ' /api '       | /api/users        | /users      | /users      | /api
            /              | /                 | /           | /           | /
            """)
    void stripsTheFirstMatchingPrefixInConfigurationOrder(String prefixes, String requested, String path, String uri,
            String forwardedPrefix) {
        Middleware middleware = strip(prefixes.split(","));
        try (TestServer server = TestServer.start(MiddlewareChain.build(List.of(middleware), Echo.HANDLER).handler())) {
            HttpResponse<String> response = Http.get(server.uri(requested + "?q=1"));

            assertThat(response.statusCode()).isEqualTo(200);
            Echo.Received received = Echo.Received.parse(response.body());
            assertThat(received.path()).isEqualTo(path);
            assertThat(received.uri()).isEqualTo(uri);
            assertThat(received.query()).isEqualTo("q=1");
            assertThat(received.header("X-Forwarded-Prefix"))
                    .isEqualTo(forwardedPrefix == null ? List.of() : List.of(forwardedPrefix));
        }
    }

    @ParameterizedTest
    @CsvSource({"/api./foo", "/api../foo", "/api//foo", "/api/./foo", "/api/../secret", "/api/x/.."})
    void refusesWhatRemainsIfItIsNotANormalPath(String requested) {
        try (TestServer server = TestServer.start(
                MiddlewareChain.build(List.of(strip("/api")), Echo.HANDLER).handler())) {
            assertThat(Http.get(server.uri(requested)).statusCode()).isEqualTo(400);
        }
    }

    @Test
    void forwardsTheStrippedPathThroughTheProxy() {
        try (TestServer backend = TestServer.start(Echo.HANDLER);
                TestServer front = TestServer.start(
                        MiddlewareChain.build(List.of(strip("/api")), backend.proxy()).handler())) {
            HttpResponse<String> response = Http.get(front.uri("/api/users/a%2Fb?page=2"));

            assertThat(response.statusCode()).isEqualTo(200);
            Echo.Received received = Echo.Received.parse(response.body());
            assertThat(received.uri()).isEqualTo("/users/a%2Fb");
            assertThat(received.query()).isEqualTo("page=2");
            assertThat(received.header("X-Forwarded-Prefix")).containsExactly("/api");
        }
    }

    @Test
    void forwardsSlashWhenThePathWasExactlyThePrefix() {
        try (TestServer backend = TestServer.start(Echo.HANDLER);
                TestServer front = TestServer.start(
                        MiddlewareChain.build(List.of(strip("/api")), backend.proxy()).handler())) {
            Echo.Received received = Echo.Received.parse(Http.get(front.uri("/api")).body());

            assertThat(received.uri()).isEqualTo("/");
        }
    }

    @Test
    void forceSlashChangesNothingButIsReported() {
        Middleware middleware = new StripPrefix("strip", List.of("/api"), Optional.of(true));

        MiddlewareChain chain = MiddlewareChain.build(List.of(middleware), Echo.HANDLER);

        assertThat(chain.warnings()).extracting(MiddlewareWarning::toLine).containsExactly(
                "middleware \"strip\" (stripPrefix): forceSlash is deprecated in Traefik v3 and changes nothing "
                        + "here: the stripped path always starts with '/'");
        assertThat(chain.warnings()).extracting(MiddlewareWarning::deviation)
                .containsExactly(ToleratedDeviation.STRIP_PREFIX_FORCE_SLASH);
        try (TestServer server = TestServer.start(chain.handler())) {
            assertThat(Echo.Received.parse(Http.get(server.uri("/api")).body()).path()).isEqualTo("/");
        }
    }
}
