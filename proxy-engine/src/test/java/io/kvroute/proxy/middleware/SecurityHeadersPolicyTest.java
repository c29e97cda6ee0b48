package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.kv.model.Middleware;
import io.kvroute.proxy.testing.RawHttp;
import io.undertow.server.HttpHandler;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The security settings of {@code headers} (unrolled/secure in Traefik) against Traefik's documentation and the
 * expectations of Traefik's secure and headers tests: response headers, HTTPS-only headers, allowed hosts.
 */
class SecurityHeadersPolicyTest {
    private final AtomicInteger originHits = new AtomicInteger();
    private final MiddlewareEvents events = new MiddlewareEvents();

    /** The origin behind the middleware: counts requests and answers 200 {@code origin} with {@code headers}. */
    private HttpHandler origin(String... headers) {
        return exchange -> {
            originHits.incrementAndGet();
            for (int i = 0; i < headers.length; i += 2) {
                exchange.getResponseHeaders().add(new HttpString(headers[i]), headers[i + 1]);
            }
            exchange.getResponseSender().send("origin");
        };
    }

    private HttpResponse<String> get(Middleware middleware, String... headers) {
        try (TestServer front = TestServer.start(chain(middleware))) {
            return Http.get(front.uri("/foo"), headers);
        }
    }

    private HttpHandler chain(Middleware middleware) {
        return MiddlewareChain.build(List.of(middleware), origin(), events).handler();
    }

    /** The headers the middleware added: all but Date, Connection and Content-Length, names in lower case. */
    private static Map<String, List<String>> added(HttpResponse<?> response) {
        Map<String, List<String>> headers = new TreeMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
        headers.keySet().removeAll(List.of("date", "connection", "content-length"));
        return headers;
    }

    @Test
    void eachResponseHeaderOptionAsTraefiksSecureTestsExpectIt() {
        assertThat(added(get(DecodedMiddleware.ofPaths("m", "headers/permissionsPolicy", "microphone=(),"))))
                .isEqualTo(Map.of("permissions-policy", List.of("microphone=(),")));
        assertThat(added(get(DecodedMiddleware.ofPaths("m", "headers/stsSeconds", "1", "headers/forceSTSHeader", "true"))))
                .isEqualTo(Map.of("strict-transport-security", List.of("max-age=1")));
        assertThat(added(get(DecodedMiddleware.ofPaths("m", "headers/stsSeconds", "1", "headers/forceSTSHeader", "true",
                "headers/stsPreload", "true"))))
                .isEqualTo(Map.of("strict-transport-security", List.of("max-age=1; preload")));
        assertThat(added(get(DecodedMiddleware.ofPaths("m", "headers/customFrameOptionsValue", "foo"))))
                .isEqualTo(Map.of("x-frame-options", List.of("foo")));
        assertThat(added(get(DecodedMiddleware.ofPaths("m", "headers/frameDeny", "true"))))
                .isEqualTo(Map.of("x-frame-options", List.of("DENY")));
        assertThat(added(get(DecodedMiddleware.ofPaths("m", "headers/contentTypeNosniff", "true"))))
                .isEqualTo(Map.of("x-content-type-options", List.of("nosniff")));
    }

    @Test
    void theDocumentationExampleAddsFrameDenyAndTheXssFilter() {
        Middleware secure = DecodedMiddleware.ofPaths("testHeader", "headers/frameDeny", "true",
                "headers/browserXssFilter", "true");

        assertThat(added(get(secure))).isEqualTo(Map.of("x-frame-options", List.of("DENY"),
                "x-xss-protection", List.of("1; mode=block")));
    }

    @Test
    void customValuesOverrideFrameDenyAndTheXssFilterAndTheOtherPoliciesAreSentAsGiven() {
        Middleware secure = DecodedMiddleware.ofPaths("m", "headers/frameDeny", "true",
                "headers/customFrameOptionsValue", "SAMEORIGIN", "headers/browserXssFilter", "true",
                "headers/customBrowserXSSValue", "0", "headers/contentSecurityPolicy", "default-src 'self'",
                "headers/contentSecurityPolicyReportOnly", "script-src 'none'; report-uri /csp",
                "headers/referrerPolicy", "no-referrer", "headers/permissionsPolicy", "camera=()");

        assertThat(added(get(secure))).isEqualTo(Map.of(
                "x-frame-options", List.of("SAMEORIGIN"),
                "x-xss-protection", List.of("0"),
                "content-security-policy", List.of("default-src 'self'"),
                "content-security-policy-report-only", List.of("script-src 'none'; report-uri /csp"),
                "referrer-policy", List.of("no-referrer"),
                "permissions-policy", List.of("camera=()")));
    }

    @Test
    void theSecurityHeadersReplaceTheOrigins() {
        Middleware secure = DecodedMiddleware.ofPaths("m", "headers/frameDeny", "true");
        HttpHandler handler = MiddlewareChain.build(List.of(secure),
                origin("X-Frame-Options", "ALLOWALL", "x-frame-options", "SAMEORIGIN")).handler();

        try (TestServer front = TestServer.start(handler)) {
            assertThat(Http.get(front.uri("/")).headers().allValues("X-Frame-Options")).containsExactly("DENY");
        }
    }

    @Test
    void strictTransportSecurityAndPublicKeyPinsOnlyOnHttpsRequestsUnlessForced() {
        Middleware secure = DecodedMiddleware.ofPaths("m", "headers/stsSeconds", "31536000",
                "headers/stsIncludeSubdomains", "true", "headers/stsPreload", "true",
                "headers/publicKey", "pin-sha256=\"base64==\"; max-age=5184000",
                "headers/sslProxyHeaders/X-Forwarded-Proto", "https");

        assertThat(added(get(secure))).isEmpty();
        assertThat(added(get(secure, "X-Forwarded-Proto", "http"))).isEmpty();
        assertThat(added(get(secure, "X-Forwarded-Proto", "https"))).isEqualTo(Map.of(
                "strict-transport-security", List.of("max-age=31536000; includeSubDomains; preload"),
                "public-key-pins", List.of("pin-sha256=\"base64==\"; max-age=5184000")));
    }

    @Test
    void anSslProxyHeaderAtTheValueTraefiksEntryPointSetsCountsAsHttps() {
        Middleware plainIsHttps = DecodedMiddleware.ofPaths("m", "headers/stsSeconds", "60",
                "headers/sslProxyHeaders/X-Forwarded-Proto", "http");

        assertThat(added(get(plainIsHttps))).containsEntry("strict-transport-security", List.of("max-age=60"));
    }

    @Test
    void isDevelopmentDropsStrictTransportSecurityAndPublicKeyPinsEvenWhenForced() {
        Middleware secure = DecodedMiddleware.ofPaths("m", "headers/stsSeconds", "60", "headers/forceSTSHeader", "true",
                "headers/publicKey", "pin-sha256=\"x\"", "headers/sslProxyHeaders/X-Forwarded-Proto", "https",
                "headers/isDevelopment", "true", "headers/frameDeny", "true");

        assertThat(added(get(secure, "X-Forwarded-Proto", "https")))
                .isEqualTo(Map.of("x-frame-options", List.of("DENY")));
    }

    @Test
    void stsSecondsZeroIsAValidMiddlewareThatSendsNoStrictTransportSecurity() {
        Middleware zero = DecodedMiddleware.ofPaths("m", "headers/stsSeconds", "0", "headers/forceSTSHeader", "true");

        assertThat(added(get(zero))).isEmpty();
        assertThat(originHits).hasValue(1);
    }

    @Test
    void aNegativeStsSecondsIsRefused() {
        Middleware negative = DecodedMiddleware.ofPaths("m", "headers/stsSeconds", "-1");

        assertThatThrownBy(() -> chain(negative)).isInstanceOf(MiddlewareException.class)
                .hasMessage("middleware \"m\" (headers): stsSeconds -1 (expected: 0 or more)");
    }

    @Test
    void aHeaderValueWithALineBreakIsRefused() {
        Middleware split = DecodedMiddleware.ofPaths("m", "headers/customFrameOptionsValue", "DENY\r\nSet-Cookie: a=b");

        assertThatThrownBy(() -> chain(split)).isInstanceOf(MiddlewareException.class)
                .hasMessage("middleware \"m\" (headers): customFrameOptionsValue: value has a control character "
                        + "(expected: printable text)");
    }

    @Test
    void aProxyHeaderNameThatIsNoHeaderNameIsRefused() {
        Middleware hosts = DecodedMiddleware.ofPaths("m", "headers/hostsProxyHeaders/0", "X Host");
        Middleware ssl = DecodedMiddleware.ofPaths("m", "headers/sslProxyHeaders/X:Proto", "https");

        assertThatThrownBy(() -> chain(hosts)).isInstanceOf(MiddlewareException.class)
                .hasMessage("middleware \"m\" (headers): hostsProxyHeaders [\"X Host\"] (expected: header names of "
                        + "letters, digits and !#$%&'*+-.^_`|~)");
        assertThatThrownBy(() -> chain(ssl)).isInstanceOf(MiddlewareException.class)
                .hasMessageStartingWith("middleware \"m\" (headers): sslProxyHeaders {\"X:Proto\":\"https\"} "
                        + "(expected: header names");
    }

    @Test
    void allowedHostsLetsListedHostsThroughAndAnswersOthersAsSecureDoes() throws IOException {
        Middleware hosts = DecodedMiddleware.ofPaths("hosts", "headers/allowedHosts/0", "foo.com",
                "headers/allowedHosts/1", "bar.com", "headers/frameDeny", "true",
                "headers/customResponseHeaders/X-Served-By", "kvroute");
        try (TestServer front = TestServer.start(chain(hosts))) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", front.port());

            RawHttp allowed = request(address, "Host: foo.com\r\n");
            RawHttp otherCase = request(address, "Host: BAR.com\r\n");
            RawHttp refused = request(address, "Host: boo.com\r\n");
            RawHttp withPort = request(address, "Host: foo.com:80\r\n");

            assertThat(allowed.status()).isEqualTo(200);
            assertThat(allowed.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(otherCase.status()).isEqualTo(200);
            assertThat(refused.status()).isEqualTo(500);
            assertThat(refused.body()).isEqualTo("Bad Host\n");
            assertThat(refused.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
            assertThat(refused.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(refused.header("X-Served-By")).as("the custom response headers still apply").isEqualTo(
                    "kvroute");
            assertThat(refused.header("X-Frame-Options")).as("secure's own headers do not").isNull();
            assertThat(withPort.status()).isEqualTo(500);
            assertThat(originHits).hasValue(2);
            assertThat(events.snapshot().get("hosts")).containsEntry("rejected", 2L);
        }
    }

    @Test
    void aRequestWithoutHostIsRefusedByAllowedHosts() throws IOException {
        Middleware hosts = DecodedMiddleware.ofPaths("hosts", "headers/allowedHosts/0", "foo.com");
        try (TestServer front = TestServer.start(chain(hosts))) {
            RawHttp noHost = RawHttp.send(new InetSocketAddress("127.0.0.1", front.port()),
                    "GET /foo HTTP/1.0\r\n\r\n");

            assertThat(noHost.status()).isEqualTo(500);
            assertThat(originHits).hasValue(0);
        }
    }

    @Test
    void theFirstNonEmptyHostsProxyHeaderIsTheHostAllowedHostsChecks() throws IOException {
        Middleware hosts = DecodedMiddleware.ofPaths("hosts", "headers/allowedHosts/0", "foo.com",
                "headers/hostsProxyHeaders/0", "X-Original-Host", "headers/hostsProxyHeaders/1", "X-Forwarded-Host");
        try (TestServer front = TestServer.start(chain(hosts))) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", front.port());

            assertThat(request(address, "Host: boo.com\r\nX-Forwarded-Host: foo.com\r\n").status()).isEqualTo(200);
            assertThat(request(address, "Host: boo.com\r\nX-Original-Host:\r\nX-Forwarded-Host: foo.com\r\n")
                    .status()).isEqualTo(200);
            assertThat(request(address, "Host: foo.com\r\nX-Original-Host: boo.com\r\n"
                    + "X-Forwarded-Host: foo.com\r\n").status()).isEqualTo(500);
        }
    }

    @Test
    void aCustomRequestHostIsTheHostAllowedHostsChecks() throws IOException {
        Middleware hosts = DecodedMiddleware.ofPaths("hosts", "headers/allowedHosts/0", "foo.com",
                "headers/customRequestHeaders/Host", "foo.com");
        try (TestServer front = TestServer.start(chain(hosts))) {
            assertThat(request(new InetSocketAddress("127.0.0.1", front.port()), "Host: boo.com\r\n").status())
                    .isEqualTo(200);
        }
    }

    @Test
    void isDevelopmentLetsEveryHostThrough() throws IOException {
        Middleware hosts = DecodedMiddleware.ofPaths("hosts", "headers/allowedHosts/0", "foo.com",
                "headers/isDevelopment", "true");
        try (TestServer front = TestServer.start(chain(hosts))) {
            assertThat(request(new InetSocketAddress("127.0.0.1", front.port()), "Host: boo.com\r\n").status())
                    .isEqualTo(200);
        }
    }

    @Test
    void aNonceInAPolicyIsNewForEveryResponse() {
        Middleware nonced = DecodedMiddleware.ofPaths("m", "headers/contentSecurityPolicy", "script-src $NONCE 'self'",
                "headers/contentSecurityPolicyReportOnly", "default-src 100%% https:");
        try (TestServer front = TestServer.start(chain(nonced))) {
            HttpResponse<String> first = Http.get(front.uri("/"));
            HttpResponse<String> second = Http.get(front.uri("/"));

            String policy = first.headers().firstValue("Content-Security-Policy").orElseThrow();
            assertThat(policy).matches("script-src 'nonce-[A-Za-z0-9+/]{22}' 'self'");
            assertThat(second.headers().firstValue("Content-Security-Policy")).get().isNotEqualTo(policy);
            String nonce = policy.substring("script-src 'nonce-".length(), policy.indexOf("' 'self'"));
            assertThat(first.headers().firstValue("Content-Security-Policy-Report-Only"))
                    .as("Go's fmt, as secure uses it, appends the nonce it was given but the policy does not use")
                    .contains("default-src 100% https:%!(EXTRA string=" + nonce + ")");
        }
    }

    @Test
    void aPercentSignGoWouldFormatIsRefusedBesideANonce() {
        Middleware percent = DecodedMiddleware.ofPaths("m", "headers/contentSecurityPolicy", "script-src $NONCE",
                "headers/contentSecurityPolicyReportOnly", "img-src 50%");
        Middleware withoutNonce = DecodedMiddleware.ofPaths("m", "headers/contentSecurityPolicy", "img-src 50%");

        assertThatThrownBy(() -> chain(percent)).isInstanceOf(MiddlewareException.class)
                .hasMessageStartingWith("middleware \"m\" (headers): contentSecurityPolicyReportOnly \"img-src 50%\" "
                        + "(expected: no '%' but in $NONCE or as %%");
        assertThat(get(withoutNonce).headers().firstValue("Content-Security-Policy")).contains("img-src 50%");
    }

    @Test
    void theSettingsTraefikV3RemovedAreIgnoredAsTraefikDoesWithAWarning() {
        Middleware removed = DecodedMiddleware.ofPaths("old", "headers/sslRedirect", "true", "headers/sslHost",
                "secure.example", "headers/featurePolicy", "camera 'none'");

        MiddlewareChain chain = MiddlewareChain.build(List.of(removed), origin(), events);
        try (TestServer front = TestServer.start(chain.handler())) {
            HttpResponse<String> response = Http.get(front.uri("/plain"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("origin");
            assertThat(added(response)).doesNotContainKeys("location", "feature-policy");
        }
        assertThat(chain.warnings()).singleElement().satisfies(warning -> {
            assertThat(warning.deviation()).isEqualTo(ToleratedDeviation.HEADERS_SETTING_REMOVED_IN_V3);
            assertThat(warning.toLine()).isEqualTo("middleware \"old\" (headers): sslRedirect, sslHost, "
                    + "featurePolicy: removed in Traefik v3, which ignores them as kvroute does (for HTTPS use "
                    + "redirectScheme or an entry point redirection, for another host redirectRegex, for "
                    + "featurePolicy permissionsPolicy)");
        });
    }

    @Test
    void removedSettingsAtTheirDefaultsAreNoSettingAtAll() {
        Middleware nothing = DecodedMiddleware.ofPaths("m", "headers/sslRedirect", "false", "headers/featurePolicy", "");

        assertThatThrownBy(() -> chain(nothing)).isInstanceOfSatisfying(MiddlewareException.class, e ->
                assertThat(e.kind()).isEqualTo(MiddlewareException.Kind.INVALID_SETTING));
    }

    private static RawHttp request(InetSocketAddress address, String headers) throws IOException {
        return RawHttp.send(address, "GET /foo HTTP/1.1\r\n" + headers + "Connection: close\r\n\r\n");
    }
}
