package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import io.kvroute.kv.model.Headers;
import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.RawSettings;
import io.kvroute.kv.model.RawValue;
import io.kvroute.proxy.testing.RawHttp;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.ResponseCodeHandler;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeadersHandlerTest {
    private static Headers headers(String name, Map<String, String> request, Map<String, String> response) {
        return new Headers(name, ImmutableSortedMap.copyOf(request), ImmutableSortedMap.copyOf(response),
                RawSettings.empty());
    }

    @Test
    void setsAndRemovesRequestHeadersBeforeProxying() {
        Middleware middleware = headers("hdr", Map.of("X-Added", "yes", "X-Replaced", "new", "X-Removed", ""),
                Map.of());
        try (TestServer backend = TestServer.start(Echo.HANDLER);
                TestServer front = TestServer.start(
                        MiddlewareChain.build(List.of(middleware), backend.proxy()).handler())) {
            Echo.Received received = Echo.Received.parse(Http.get(front.uri("/"),
                    "X-Replaced", "old", "x-removed", "secret", "X-Kept", "kept").body());

            assertThat(received.header("X-Added")).containsExactly("yes");
            assertThat(received.header("X-Replaced")).containsExactly("new");
            assertThat(received.header("X-Removed")).isEmpty();
            assertThat(received.header("X-Kept")).containsExactly("kept");
        }
    }

    @Test
    void setsAndRemovesResponseHeadersOfAProxiedResponse() {
        Middleware middleware = headers("hdr", Map.of(),
                Map.of("X-Frame-Options", "DENY", "X-Backend", "overridden", "Server", ""));
        try (TestServer backend = TestServer.start(Echo.HANDLER);
                TestServer front = TestServer.start(
                        MiddlewareChain.build(List.of(middleware), backend.proxy()).handler())) {
            HttpResponse<String> response = Http.get(front.uri("/"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().allValues("X-Frame-Options")).containsExactly("DENY");
            assertThat(response.headers().allValues("X-Backend")).containsExactly("overridden");
            assertThat(response.headers().allValues("Server")).isEmpty();
        }
    }

    @Test
    void theBackendResponseReallyHasTheHeadersTheMiddlewareRemoves() {
        try (TestServer backend = TestServer.start(Echo.HANDLER)) {
            HttpResponse<String> response = Http.get(backend.uri("/"));

            assertThat(response.headers().allValues("Server")).containsExactly("echo-backend");
            assertThat(response.headers().allValues("X-Backend")).containsExactly("echo");
        }
    }

    @Test
    void setsResponseHeadersOnA404() {
        Middleware middleware = headers("hdr", Map.of(), Map.of("X-Frame-Options", "DENY"));
        try (TestServer front = TestServer.start(
                MiddlewareChain.build(List.of(middleware), ResponseCodeHandler.HANDLE_404).handler())) {
            HttpResponse<String> response = Http.get(front.uri("/missing"));

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.headers().allValues("X-Frame-Options")).containsExactly("DENY");
        }
    }

    @Test
    void theOuterMiddlewareHasTheLastWordOnResponseHeaders() {
        Middleware outer = headers("outer", Map.of("X-Order", "outer"), Map.of("X-Who", "outer"));
        Middleware inner = headers("inner", Map.of("X-Order", "inner"), Map.of("X-Who", "inner", "X-Inner", "1"));
        try (TestServer backend = TestServer.start(Echo.HANDLER);
                TestServer front = TestServer.start(
                        MiddlewareChain.build(List.of(outer, inner), backend.proxy()).handler())) {
            HttpResponse<String> response = Http.get(front.uri("/"));

            assertThat(Echo.Received.parse(response.body()).header("X-Order")).containsExactly("inner");
            assertThat(response.headers().allValues("X-Who")).containsExactly("outer");
            assertThat(response.headers().allValues("X-Inner")).containsExactly("1");
        }
    }

    @Test
    void refusesASettingItDoesNotKnow() {
        RawSettings others = new RawSettings(ImmutableSortedMap.of(
                "accessControlAllowMethods/0", RawValue.string("GET"),
                "frameDenied", RawValue.bool(true)), ImmutableSortedSet.of(
                "accessControlAllowMethods"));
        Middleware middleware = new Headers("hdr", ImmutableSortedMap.of(), ImmutableSortedMap.of(), others);

        assertThatThrownBy(() -> MiddlewareChain.build(List.of(middleware), Echo.HANDLER))
                .isInstanceOfSatisfying(MiddlewareException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MiddlewareException.Kind.SETTING_NOT_APPLIED);
                    assertThat(e.getMessage()).contains("settings kvroute does not apply: frameDenied;");
                });
    }

    @Test
    void refusesAMiddlewareWithNothingToDoAsTraefikDoes() {
        Middleware nothing = DecodedMiddleware.ofPaths("hdr", "headers/frameDeny", "false",
                "headers/accessControlAllowCredentials", "false");

        assertThatThrownBy(() -> MiddlewareChain.build(List.of(nothing), Echo.HANDLER))
                .isInstanceOf(MiddlewareException.class)
                .hasMessage("middleware \"hdr\" (headers): no custom, CORS or security header setting (expected: at "
                        + "least one, as Traefik requires)");
    }

    @Test
    void setsHeadersUnderTheirCanonicalNamesAsGoDoes() throws IOException {
        Middleware middleware = DecodedMiddleware.ofPaths("hdr", "headers/customRequestHeaders/x-script-name", "test",
                "headers/customResponseHeaders/x-custom-response-header", "value",
                "headers/customResponseHeaders/x-backend", "replaced");
        HttpHandler names = exchange -> {
            StringBuilder body = new StringBuilder();
            exchange.getRequestHeaders().getHeaderNames().forEach(name -> body.append(name).append('\n'));
            exchange.getResponseHeaders().put(new HttpString("x-backend"), "echo");
            exchange.getResponseSender().send(body.toString());
        };
        try (TestServer front = TestServer.start(MiddlewareChain.build(List.of(middleware), names).handler())) {
            RawHttp response = RawHttp.get(new InetSocketAddress("127.0.0.1", front.port()), "/",
                    "x-script-name: old\r\n");

            assertThat(response.body().lines()).contains("X-Script-Name").doesNotContain("x-script-name");
            assertThat(response.head().lines()).contains("X-Custom-Response-Header: value", "X-Backend: replaced");
        }
    }

    @Test
    void aCustomHostSetsTheHostAndAnEmptyOneChangesNothing() {
        Middleware setHost = headers("set", Map.of("Host", "example.com"), Map.of());
        Middleware emptyHost = headers("empty", Map.of("Host", ""), Map.of());
        try (TestServer backend = TestServer.start(Echo.HANDLER);
                TestServer set = TestServer.start(MiddlewareChain.build(List.of(setHost), backend.proxy()).handler());
                TestServer empty = TestServer.start(
                        MiddlewareChain.build(List.of(emptyHost), backend.proxy()).handler())) {
            assertThat(Echo.Received.parse(Http.get(set.uri("/"), "Host", "example.org").body()).header("Host"))
                    .containsExactly("example.com");
            assertThat(Echo.Received.parse(Http.get(empty.uri("/"), "Host", "example.org").body()).header("Host"))
                    .containsExactly("example.org");
        }
    }

    @Test
    void theSecurityHeadersGoFirstThenTheCustomResponseHeadersThenCors() {
        Middleware middleware = DecodedMiddleware.ofPaths("hdr", "headers/frameDeny", "true",
                "headers/contentTypeNosniff", "true",
                "headers/customResponseHeaders/X-Frame-Options", "",
                "headers/customResponseHeaders/X-Content-Type-Options", "custom",
                "headers/customResponseHeaders/Access-Control-Allow-Origin", "https://custom.example",
                "headers/accessControlAllowOriginList/0", "*");
        try (TestServer front = TestServer.start(MiddlewareChain.build(List.of(middleware), Echo.HANDLER).handler())) {
            HttpResponse<String> response = Http.get(front.uri("/"), "Origin", "https://a.example");

            assertThat(response.headers().allValues("X-Frame-Options")).isEmpty();
            assertThat(response.headers().allValues("X-Content-Type-Options")).containsExactly("custom");
            assertThat(response.headers().allValues("Access-Control-Allow-Origin")).containsExactly("*");
        }
    }

    @Test
    void refusesAHeaderNameThatIsNotAToken() {
        Middleware middleware = headers("hdr", Map.of("Bad Name", "x"), Map.of());

        assertThatThrownBy(() -> MiddlewareChain.build(List.of(middleware), Echo.HANDLER))
                .isInstanceOf(MiddlewareException.class)
                .hasMessage("middleware \"hdr\" (headers): customRequestHeaders: header name \"Bad Name\" "
                        + "(expected: letters, digits and !#$%&'*+-.^_`|~)");
    }

    @Test
    void refusesAHeaderValueWithALineBreak() {
        Middleware middleware = headers("hdr", Map.of(), Map.of("X-Split", "a\r\nSet-Cookie: x=1"));

        assertThatThrownBy(() -> MiddlewareChain.build(List.of(middleware), Echo.HANDLER))
                .isInstanceOf(MiddlewareException.class)
                .hasMessage("middleware \"hdr\" (headers): customResponseHeaders: header X-Split: value has a "
                        + "control character (expected: printable text)");
    }
}
