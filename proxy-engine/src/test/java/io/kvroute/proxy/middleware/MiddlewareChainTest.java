package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import io.kvroute.kv.model.AddPrefix;
import io.kvroute.kv.model.BasicAuth;
import io.kvroute.kv.model.Headers;
import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.OpaqueMiddleware;
import io.kvroute.kv.model.RawSettings;
import io.kvroute.kv.model.RawValue;
import io.kvroute.kv.model.RedirectScheme;
import io.kvroute.kv.model.Retry;
import io.kvroute.kv.model.StripPrefix;
import io.undertow.server.HttpHandler;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MiddlewareChainTest {
    private static final HttpHandler REPORT_RETRY = exchange -> exchange.getResponseSender().send(
            RetryPolicy.of(exchange).map(RetryPolicy::toString).orElse("none"));

    private static Middleware strip(String prefix) {
        return new StripPrefix("strip", List.of(prefix), Optional.empty());
    }

    private static Retry retry(String name, int attempts, RawSettings others) {
        return new Retry(name, attempts, Optional.of(Duration.ofMillis(100)), others);
    }

    private static String pathSeenBehind(List<Middleware> middlewares, String requested) {
        try (TestServer server = TestServer.start(MiddlewareChain.build(middlewares, Echo.HANDLER).handler())) {
            return Echo.Received.parse(Http.get(server.uri(requested)).body()).path();
        }
    }

    @Test
    void appliesMiddlewaresInRouterOrder() {
        assertThat(pathSeenBehind(List.of(strip("/api"), new AddPrefix("add", "/v2")), "/api/x")).isEqualTo("/v2/x");
        assertThat(pathSeenBehind(List.of(new AddPrefix("add", "/api"), strip("/api")), "/x")).isEqualTo("/x");
        assertThat(pathSeenBehind(List.of(strip("/api"), strip("/v1")), "/api/v1/x")).isEqualTo("/x");
        assertThat(pathSeenBehind(List.of(strip("/v1"), strip("/api")), "/api/v1/x")).isEqualTo("/v1/x");
    }

    @Test
    void anEmptyChainIsTheNextHandlerItself() {
        MiddlewareChain chain = MiddlewareChain.build(List.of(), Echo.HANDLER);

        assertThat(chain.handler()).isSameAs(Echo.HANDLER);
        assertThat(chain.warnings()).isEmpty();
    }

    @Test
    void anOuterHeadersMiddlewareAlsoEditsARefusalFromAnInnerOne() {
        Middleware headers = new Headers("hdr", ImmutableSortedMap.of(), ImmutableSortedMap.of("X-Frame-Options",
                "DENY"), RawSettings.empty());
        Middleware auth = new BasicAuth("auth", List.of("test:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/"),
                Optional.empty(), Optional.empty(), false, Optional.empty());
        try (TestServer server = TestServer.start(
                MiddlewareChain.build(List.of(headers, auth), Echo.HANDLER).handler())) {
            HttpResponse<String> response = Http.get(server.uri("/"));

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().allValues("X-Frame-Options")).containsExactly("DENY");
        }
    }

    @Test
    void refusesAMiddlewareKindItDoesNotImplement() {
        Middleware plugin = new OpaqueMiddleware("geo", "plugin",
                new RawSettings(ImmutableSortedMap.of("geoblock/countries/0", RawValue.string("FR")),
                        ImmutableSortedSet.of("geoblock/countries")));

        assertThatThrownBy(() -> MiddlewareChain.build(List.of(strip("/api"), plugin), Echo.HANDLER))
                .isInstanceOfSatisfying(MiddlewareException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MiddlewareException.Kind.NOT_IMPLEMENTED);
                    assertThat(e.middleware()).isEqualTo("geo");
                    assertThat(e.getMessage()).isEqualTo("middleware \"geo\" (plugin): Traefik plugin geoblock: "
                            + "kvroute runs no Traefik plugins; the router is left out rather than served without it");
                });
    }

    @Test
    void refusesGrpcWebAfterAMiddlewareThatReadsTheBodyFirstAndBuildsItBefore() throws Exception {
        Middleware grpcWeb = opaque("web", "grpcWeb", "{\"allowOrigins\":[\"*\"]}");
        Middleware buffering = opaque("buffer", "buffering", "{\"maxRequestBodyBytes\":1000}");
        Middleware auth = opaque("auth", "forwardAuth",
                "{\"address\":\"http://127.0.0.1:1/auth\",\"forwardBody\":true}");

        for (Middleware reader : List.of(buffering, auth)) {
            assertThatThrownBy(() -> MiddlewareChain.build(List.of(reader, grpcWeb), Echo.HANDLER))
                    .isInstanceOfSatisfying(MiddlewareException.class, e -> {
                        assertThat(e.kind()).isEqualTo(MiddlewareException.Kind.SETTING_NOT_APPLIED);
                        assertThat(e.middleware()).isEqualTo("web");
                        assertThat(e.getMessage()).isEqualTo("middleware \"web\" (grpcWeb): comes after \""
                                + reader.name() + "\" (" + reader.type() + "), which reads the request body first; "
                                + "kvroute decodes gRPC-Web bodies only as they arrive (expected: grpcWeb before "
                                + reader.name() + " in the chain)");
                    });
        }
        assertThat(MiddlewareChain.build(List.of(grpcWeb, buffering), Echo.HANDLER).handler()).isNotNull();
        assertThat(MiddlewareChain.build(List.of(opaque("auth", "forwardAuth",
                "{\"address\":\"http://127.0.0.1:1/auth\"}"), grpcWeb), Echo.HANDLER).handler())
                .as("forwardAuth without forwardBody leaves the body alone").isNotNull();
    }

    private static Middleware opaque(String name, String type, String json) throws Exception {
        return new OpaqueMiddleware(name, type, RawSettings.fromJson((ObjectNode) new ObjectMapper().readTree(json)));
    }

    @Test
    void reportsToleratedDeviationsInRouterOrder() {
        Middleware first = retry("first", 2, RawSettings.empty());
        Middleware strip = new StripPrefix("strip", List.of("/api"), Optional.of(false));
        Middleware last = retry("last", 3, RawSettings.empty());

        MiddlewareChain chain = MiddlewareChain.build(List.of(first, strip, last), Echo.HANDLER);

        assertThat(chain.warnings()).extracting(MiddlewareWarning::middleware).containsExactly("first", "strip");
        assertThat(chain.warnings()).extracting(MiddlewareWarning::deviation).containsExactly(
                ToleratedDeviation.EARLIER_RETRY, ToleratedDeviation.STRIP_PREFIX_FORCE_SLASH);
    }

    @Test
    void namesTheFirstMiddlewareThatCannotWork() {
        Middleware redirect = new RedirectScheme("redirect", Optional.empty(), Optional.empty(), false);
        Middleware add = new AddPrefix("add", "");

        assertThatThrownBy(() -> MiddlewareChain.build(List.of(redirect, add), Echo.HANDLER))
                .isInstanceOfSatisfying(MiddlewareException.class,
                        e -> assertThat(e.middleware()).isEqualTo("redirect"));
    }

    @Test
    void putsTheRetryPolicyOnTheExchangeForTheProxyClient() {
        MiddlewareChain chain = MiddlewareChain.build(List.of(retry("retry", 3, RawSettings.empty())), REPORT_RETRY);

        assertThat(chain.warnings()).isEmpty();
        try (TestServer server = TestServer.start(chain.handler())) {
            assertThat(Http.get(server.uri("/")).body()).isEqualTo("RetryPolicy[attempts=3, initialInterval=PT0.1S, timeout=PT0S]");
        }
        try (TestServer server = TestServer.start(MiddlewareChain.build(List.of(), REPORT_RETRY).handler())) {
            assertThat(Http.get(server.uri("/")).body()).isEqualTo("none");
        }
    }

    @Test
    void letsTheLastOfSeveralRetriesDecide() {
        MiddlewareChain chain = MiddlewareChain.build(List.of(retry("first", 2, RawSettings.empty()), strip("/a"),
                retry("last", 4, RawSettings.empty())), REPORT_RETRY);

        assertThat(chain.warnings()).containsExactly(new MiddlewareWarning("first", "retry",
                ToleratedDeviation.EARLIER_RETRY, "not applied: the chain has several retry middlewares and the last, \"last\", decides"));
        try (TestServer server = TestServer.start(chain.handler())) {
            assertThat(Http.get(server.uri("/")).body()).isEqualTo("RetryPolicy[attempts=4, initialInterval=PT0.1S, timeout=PT0S]");
        }
    }

    @Test
    void refusesRetrySettingsItDoesNotApply() {
        RawSettings others = new RawSettings(ImmutableSortedMap.of("jitter", RawValue.string("10ms"),
                "timeout", RawValue.string("5s")), ImmutableSortedSet.of());

        assertThatThrownBy(() -> MiddlewareChain.build(List.of(retry("retry", 2, others)), REPORT_RETRY))
                .isInstanceOfSatisfying(MiddlewareException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MiddlewareException.Kind.SETTING_NOT_APPLIED);
                    assertThat(e.middleware()).isEqualTo("retry");
                    assertThat(e.getMessage()).contains("jitter");
                });
    }

    @Test
    void refusesARetryWithoutAttempts() {
        assertThatThrownBy(() -> MiddlewareChain.build(List.of(retry("retry", 0, RawSettings.empty())), REPORT_RETRY))
                .isInstanceOfSatisfying(MiddlewareException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MiddlewareException.Kind.INVALID_SETTING);
                    assertThat(e.middleware()).isEqualTo("retry");
                })
                .hasMessage("middleware \"retry\" (retry): attempts: 0 (expected: >= 1)");
    }
}
