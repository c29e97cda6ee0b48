package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.OpaqueMiddleware;
import io.kvroute.kv.model.RawSettings;
import io.kvroute.kv.model.RawValue;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Traefik's contentType middleware: detection re-enabled for responses that come without a Content-Type. */
class ContentTypeHandlerTest {
    private static final HttpHandler UNTYPED_HTML = exchange -> exchange.getResponseSender().send("<html><body>hi");

    @Test
    void givesAnUntypedResponseItsSniffedType() {
        try (TestServer server = TestServer.start(chain(Map.of(), UNTYPED_HTML))) {
            HttpResponse<String> response = Http.get(server.uri("/"));

            assertThat(response.headers().allValues("Content-Type")).containsExactly("text/html; charset=utf-8");
            assertThat(response.body()).isEqualTo("<html><body>hi");
        }
    }

    @Test
    void withoutTheMiddlewareNoTypeIsAdded() {
        try (TestServer server = TestServer.start(UNTYPED_HTML)) {
            assertThat(Http.get(server.uri("/")).headers().firstValue("Content-Type")).isEmpty();
        }
    }

    @Test
    void keepsTheServersTypeAndLeavesEncodedOrEmptyBodiesAlone() {
        HttpHandler origin = exchange -> {
            switch (exchange.getRelativePath()) {
                case "/typed" -> exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                case "/encoded" -> exchange.getResponseHeaders().put(Headers.CONTENT_ENCODING, "gzip");
                case "/empty" -> exchange.setStatusCode(204);
                default -> throw new IllegalArgumentException(exchange.getRelativePath());
            }
            exchange.getResponseSender().send(exchange.getStatusCode() == 204 ? "" : "<html>");
        };
        try (TestServer server = TestServer.start(chain(Map.of("autoDetect", RawValue.bool(true)), origin))) {
            assertThat(Http.get(server.uri("/typed")).headers().allValues("Content-Type"))
                    .containsExactly("application/json");
            assertThat(Http.get(server.uri("/encoded")).headers().firstValue("Content-Type")).isEmpty();
            assertThat(Http.get(server.uri("/empty")).headers().firstValue("Content-Type")).isEmpty();
        }
    }

    @Test
    void autoDetectFalseDoesNothing() {
        try (TestServer server = TestServer.start(chain(Map.of("autoDetect", RawValue.bool(false)), UNTYPED_HTML))) {
            assertThat(Http.get(server.uri("/")).headers().firstValue("Content-Type")).isEmpty();
        }
    }

    @Test
    void refusesAnAutoDetectThatIsNotABoolean() {
        assertThatThrownBy(() -> chain(Map.of("autoDetect", RawValue.string("yes")), UNTYPED_HTML))
                .isInstanceOf(MiddlewareException.class)
                .hasMessage("middleware \"sniff\" (contentType): autoDetect \"yes\" (expected: true or false)");
    }

    private static HttpHandler chain(Map<String, RawValue> settings, HttpHandler origin) {
        Middleware middleware = new OpaqueMiddleware("sniff", "contentType",
                new RawSettings(ImmutableSortedMap.copyOf(settings), ImmutableSortedSet.of()));
        return MiddlewareChain.build(List.of(middleware), origin).handler();
    }
}
