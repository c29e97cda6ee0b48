package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.kv.model.Middleware;
import io.undertow.server.HttpHandler;
import io.undertow.util.HttpString;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The CORS settings of {@code headers} against Traefik's documentation example and the expectations of Traefik's
 * own header tests: preflights answered without the origin, CORS headers on other responses.
 */
class CorsPolicyTest {
    private static final String[] SIMPLE_PREFLIGHT = {"Origin", "https://foo.bar.org",
            "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "origin"};

    private final AtomicInteger originHits = new AtomicInteger();

    /** The origin behind the middleware: counts requests and answers 200 with {@code headers}. */
    private HttpHandler origin(String... headers) {
        return exchange -> {
            originHits.incrementAndGet();
            for (int i = 0; i < headers.length; i += 2) {
                exchange.getResponseHeaders().add(new HttpString(headers[i]), headers[i + 1]);
            }
            exchange.getResponseSender().send("origin");
        };
    }

    private HttpResponse<String> send(Middleware middleware, HttpHandler origin, String method, String... headers) {
        try (TestServer front = TestServer.start(MiddlewareChain.build(List.of(middleware), origin).handler())) {
            return Http.send(method, front.uri("/foo"), headers);
        }
    }

    /**
     * The response headers, names in lower case, without {@code Date} and {@code Connection}, which Undertow adds for
     * every response.
     */
    private static Map<String, List<String>> headers(HttpResponse<?> response) {
        Map<String, List<String>> headers = new TreeMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
        headers.remove("date");
        headers.remove("connection");
        return headers;
    }

    @Test
    void theDocumentationExampleAnswersAPreflightItselfAndTheOriginSeesNothing() {
        Middleware cors = DecodedMiddleware.ofPaths("testHeader",
                "headers/accessControlAllowMethods/0", "GET",
                "headers/accessControlAllowMethods/1", "OPTIONS",
                "headers/accessControlAllowMethods/2", "PUT",
                "headers/accessControlAllowHeaders/0", "*",
                "headers/accessControlAllowOriginList/0", "https://foo.bar.org",
                "headers/accessControlAllowOriginList/1", "https://example.org",
                "headers/accessControlMaxAge", "100",
                "headers/addVaryHeader", "true");

        HttpResponse<String> response = send(cors, origin(), "OPTIONS", "Origin", "https://example.org",
                "Access-Control-Request-Method", "PUT", "Access-Control-Request-Headers", "X-Api-Key");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(headers(response)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "content-length", List.of("0"),
                "access-control-allow-origin", List.of("https://example.org"),
                "access-control-allow-methods", List.of("GET,OPTIONS,PUT"),
                "access-control-allow-headers", List.of("*"),
                "access-control-max-age", List.of("100")));
        assertThat(originHits).hasValue(0);
    }

    @Test
    void theDocumentationLabelsDecodeToTheSameMiddleware() {
        Middleware fromLabels = DecodedMiddleware.ofPaths("testheader",
                "headers/accesscontrolallowmethods", "GET,OPTIONS,PUT",
                "headers/accesscontrolallowheaders", "*",
                "headers/accesscontrolalloworiginlist", "https://foo.bar.org,https://example.org",
                "headers/accesscontrolmaxage", "100",
                "headers/addvaryheader", "true");

        HttpResponse<String> response = send(fromLabels, origin(), "OPTIONS", "Origin", "https://foo.bar.org",
                "Access-Control-Request-Method", "GET");

        assertThat(response.headers().firstValue("Access-Control-Allow-Methods")).contains("GET,OPTIONS,PUT");
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains("https://foo.bar.org");
        assertThat(response.headers().firstValue("Access-Control-Max-Age")).contains("100");
        assertThat(originHits).hasValue(0);
    }

    @Test
    void preflightsAsTraefiksOwnTestsExpectThem() {
        String[] methods = {"headers/accessControlAllowMethods/0", "GET", "headers/accessControlAllowMethods/1",
                "OPTIONS", "headers/accessControlAllowMethods/2", "PUT", "headers/accessControlMaxAge", "600"};

        Middleware simple = DecodedMiddleware.ofPaths("simple", concat(methods,
                "headers/accessControlAllowOriginList/0", "https://foo.bar.org"));
        assertThat(headers(send(simple, origin(), "OPTIONS", SIMPLE_PREFLIGHT))).isEqualTo(Map.of(
                "content-length", List.of("0"),
                "access-control-allow-origin", List.of("https://foo.bar.org"),
                "access-control-max-age", List.of("600"),
                "access-control-allow-methods", List.of("GET,OPTIONS,PUT")));

        Middleware wildcard = DecodedMiddleware.ofPaths("wildcard", concat(methods,
                "headers/accessControlAllowOriginList/0", "*"));
        assertThat(headers(send(wildcard, origin(), "OPTIONS", SIMPLE_PREFLIGHT)))
                .containsEntry("access-control-allow-origin", List.of("*"));

        Middleware credentials = DecodedMiddleware.ofPaths("credentials", concat(methods,
                "headers/accessControlAllowOriginList/0", "*", "headers/accessControlAllowCredentials", "true"));
        assertThat(headers(send(credentials, origin(), "OPTIONS", SIMPLE_PREFLIGHT))).isEqualTo(Map.of(
                "content-length", List.of("0"),
                "access-control-allow-origin", List.of("https://foo.bar.org"),
                "access-control-max-age", List.of("600"),
                "access-control-allow-methods", List.of("GET,OPTIONS,PUT"),
                "access-control-allow-credentials", List.of("true")));

        Middleware allowHeaders = DecodedMiddleware.ofPaths("allowHeaders", concat(methods,
                "headers/accessControlAllowOriginList/0", "*",
                "headers/accessControlAllowHeaders/0", "origin",
                "headers/accessControlAllowHeaders/1", "X-Forwarded-For"));
        assertThat(headers(send(allowHeaders, origin(), "OPTIONS", "Origin", "https://foo.bar.org",
                "Access-Control-Request-Method", "GET")))
                .containsEntry("access-control-allow-headers", List.of("origin,X-Forwarded-For"));

        Middleware noMaxAge = DecodedMiddleware.ofPaths("noMaxAge", "headers/accessControlAllowMethods/0", "GET",
                "headers/accessControlAllowOriginList/0", "*");
        assertThat(headers(send(noMaxAge, origin(), "OPTIONS", SIMPLE_PREFLIGHT))).isEqualTo(Map.of(
                "content-length", List.of("0"),
                "access-control-allow-origin", List.of("*"),
                "access-control-allow-methods", List.of("GET")));
        assertThat(originHits).hasValue(0);
    }

    @Test
    void withCredentialsAWildcardOfHeadersOrMethodsAnswersWhatThePreflightAsksFor() {
        Middleware cors = DecodedMiddleware.ofPaths("cors", "headers/accessControlAllowCredentials", "true",
                "headers/accessControlAllowOriginList/0", "https://app.example",
                "headers/accessControlAllowHeaders/0", "*", "headers/accessControlAllowMethods/0", "*",
                "headers/accessControlExposeHeaders/0", "*");

        Map<String, List<String>> asked = headers(send(cors, origin(), "OPTIONS", "Origin", "https://app.example",
                "Access-Control-Request-Method", "DELETE", "Access-Control-Request-Headers", "X-Api-Key"));
        Map<String, List<String>> notAsked = headers(send(cors, origin(), "OPTIONS", "Origin",
                "https://app.example", "Access-Control-Request-Method", "PATCH"));

        assertThat(asked).containsEntry("access-control-allow-methods", List.of("DELETE"))
                .containsEntry("access-control-allow-headers", List.of("X-Api-Key"))
                .containsEntry("access-control-allow-credentials", List.of("true"))
                .doesNotContainKey("access-control-expose-headers");
        assertThat(notAsked).containsEntry("access-control-allow-methods", List.of("PATCH"))
                .doesNotContainKey("access-control-allow-headers");
    }

    @Test
    void aPreflightFromAnOriginNotAllowedIsStillAnsweredButWithoutAllowOrigin() {
        Middleware cors = DecodedMiddleware.ofPaths("cors", "headers/accessControlAllowOriginList/0", "https://a.example",
                "headers/accessControlAllowMethods/0", "GET");

        HttpResponse<String> response = send(cors, origin(), "OPTIONS", "Origin", "https://evil.example",
                "Access-Control-Request-Method", "GET");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(originHits).hasValue(0);
    }

    @Test
    void onlyAnOptionsRequestWithOriginAndRequestMethodIsAPreflight() {
        Middleware cors = DecodedMiddleware.ofPaths("cors", "headers/accessControlAllowOriginList/0", "*");

        assertThat(send(cors, origin(), "OPTIONS", "Origin", "https://a.example").body()).isEqualTo("origin");
        assertThat(send(cors, origin(), "OPTIONS", "Access-Control-Request-Method", "GET").body())
                .isEqualTo("origin");
        assertThat(send(cors, origin(), "GET", SIMPLE_PREFLIGHT).body()).isEqualTo("origin");
        assertThat(send(cors, origin(), "options", SIMPLE_PREFLIGHT).body()).as("methods are case-sensitive")
                .isEqualTo("origin");
        assertThat(originHits).hasValue(4);
    }

    @Test
    void aMiddlewareWithCustomHeadersOnlyPassesPreflightsToTheOrigin() {
        Middleware custom = DecodedMiddleware.ofPaths("custom", "headers/customRequestHeaders/foo", "bar");

        HttpResponse<String> response = send(custom, origin(), "OPTIONS", SIMPLE_PREFLIGHT);

        assertThat(response.body()).isEqualTo("origin");
        assertThat(headers(response)).doesNotContainKeys("access-control-allow-origin",
                "access-control-allow-methods");
        assertThat(originHits).hasValue(1);
    }

    @Test
    void responsesGetAllowOriginForAListedOriginAWildcardOrARegexMatch() {
        Middleware listed = DecodedMiddleware.ofPaths("listed",
                "headers/accessControlAllowOriginList/0", "https://foo.bar.org");
        Middleware wildcard = DecodedMiddleware.ofPaths("wildcard", "headers/accessControlAllowOriginList/0", "*");
        Middleware anchored = DecodedMiddleware.ofPaths("anchored",
                "headers/accessControlAllowOriginListRegex/0", "^https?://([a-z]+)\\.bar\\.org$");
        Middleware partial = DecodedMiddleware.ofPaths("partial",
                "headers/accessControlAllowOriginListRegex/0", "([a-z]+)\\.bar");
        Middleware unmatched = DecodedMiddleware.ofPaths("unmatched",
                "headers/accessControlAllowOriginListRegex/0", "([a-z]+)\\.bar\\.org");

        assertThat(allowOrigin(listed, "https://foo.bar.org")).containsExactly("https://foo.bar.org");
        assertThat(allowOrigin(listed, "https://other.org")).isEmpty();
        assertThat(allowOrigin(listed, null)).isEmpty();
        assertThat(allowOrigin(wildcard, "https://foo.bar.org")).containsExactly("*");
        assertThat(allowOrigin(anchored, "https://foo.bar.org")).containsExactly("https://foo.bar.org");
        assertThat(allowOrigin(partial, "https://foo.bar.org")).containsExactly("https://foo.bar.org");
        assertThat(allowOrigin(unmatched, "https://bar.org")).isEmpty();
    }

    @Test
    void theNullOriginIsAllowedOnlyWhenListedOrByTheWildcard() {
        Middleware listed = DecodedMiddleware.ofPaths("listed", "headers/accessControlAllowOriginList/0", "null");
        Middleware other = DecodedMiddleware.ofPaths("other", "headers/accessControlAllowOriginList/0",
                "https://a.example");
        Middleware wildcardWithCredentials = DecodedMiddleware.ofPaths("wildcard",
                "headers/accessControlAllowOriginList/0", "*", "headers/accessControlAllowCredentials", "true");

        assertThat(allowOrigin(listed, "null")).containsExactly("null");
        assertThat(allowOrigin(other, "null")).isEmpty();
        assertThat(allowOrigin(wildcardWithCredentials, "null")).containsExactly("null");
    }

    @Test
    void theWildcardWithCredentialsAnswersTheRequestsOriginAndAllowsCredentials() {
        Middleware cors = DecodedMiddleware.ofPaths("cors", "headers/accessControlAllowOriginList/0", "*",
                "headers/accessControlAllowCredentials", "true");

        HttpResponse<String> response = send(cors, origin(), "GET", "Origin", "https://foo.bar.org");

        assertThat(headers(response)).containsEntry("access-control-allow-origin", List.of("https://foo.bar.org"))
                .containsEntry("access-control-allow-credentials", List.of("true"));
    }

    @Test
    void exposeHeadersAreSentUnlessAWildcardMeetsCredentials() {
        Middleware expose = DecodedMiddleware.ofPaths("expose", "headers/accessControlAllowOriginList/0", "*",
                "headers/accessControlExposeHeaders/0", "origin", "headers/accessControlExposeHeaders/1",
                "X-Forwarded-For");
        Middleware wildcard = DecodedMiddleware.ofPaths("wildcard", "headers/accessControlAllowOriginList/0", "*",
                "headers/accessControlExposeHeaders/0", "*", "headers/accessControlAllowCredentials", "true");

        assertThat(headers(send(expose, origin(), "GET", "Origin", "https://foo.bar.org")))
                .containsEntry("access-control-expose-headers", List.of("origin,X-Forwarded-For"));
        assertThat(headers(send(wildcard, origin(), "GET", "Origin", "https://foo.bar.org")))
                .doesNotContainKey("access-control-expose-headers");
    }

    @Test
    void addVaryHeaderAppendsOriginToTheOriginsVaryOnce() {
        Middleware vary = DecodedMiddleware.ofPaths("vary", "headers/accessControlAllowOriginList/0",
                "https://foo.bar.org", "headers/addVaryHeader", "true");

        assertThat(headers(send(vary, origin(), "GET", "Origin", "https://foo.bar.org")))
                .containsEntry("vary", List.of("Origin"));
        assertThat(headers(send(vary, origin("Vary", "Testing"), "GET", "Origin", "https://foo.bar.org")))
                .containsEntry("vary", List.of("Testing,Origin"));
        assertThat(headers(send(vary, origin("Vary", "Origin"), "GET", "Origin", "https://foo.bar.org")))
                .containsEntry("vary", List.of("Origin"));
    }

    @Test
    void theMiddlewaresAllowOriginReplacesTheOrigins() {
        Middleware cors = DecodedMiddleware.ofPaths("cors", "headers/accessControlAllowOriginList/0", "*");

        HttpResponse<String> response = send(cors, origin("Access-Control-Allow-Origin", "http://foo.bar.org",
                "access-control-allow-origin", "http://other.org"), "GET", "Origin", "https://foo.bar.org");

        assertThat(headers(response)).containsEntry("access-control-allow-origin", List.of("*"));
    }

    @Test
    void aRegexThatDoesNotCompileIsRefusedNamingTheSetting() {
        Middleware cors = DecodedMiddleware.ofPaths("cors", "headers/accessControlAllowOriginListRegex/0", "a(b");

        assertThatThrownBy(() -> MiddlewareChain.build(List.of(cors), origin()))
                .isInstanceOfSatisfying(MiddlewareException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MiddlewareException.Kind.INVALID_SETTING);
                    assertThat(e.getMessage()).startsWith("middleware \"cors\" (headers): "
                            + "accessControlAllowOriginListRegex [\"a(b\"] (expected: Go regular expressions; "
                            + "entry 0 does not compile: ");
                });
    }

    private List<String> allowOrigin(Middleware middleware, String requestOrigin) {
        HttpResponse<String> response = requestOrigin == null ? send(middleware, origin(), "GET")
                : send(middleware, origin(), "GET", "Origin", requestOrigin);
        assertThat(response.body()).isEqualTo("origin");
        return response.headers().allValues("Access-Control-Allow-Origin");
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
