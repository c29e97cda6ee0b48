package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.ProxyHarness;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Traefik's {@code headers} middleware configured by keys in etcd, through the proxy to a real backend: a CORS
 * preflight answered by the proxy alone, security headers on the backend's response, a host {@code allowedHosts} does
 * not list refused, and headers a client sends to fool the host and HTTPS checks removed at the entry point first.
 */
class HeadersMiddlewareIT {
    @RegisterExtension
    static final ProxyHarness HARNESS = new ProxyHarness();

    private final Backend backend = HARNESS.backend("backend");
    private final RunningProxy proxy = HARNESS.proxy();

    private TraefikKeys routed(String name, String rule, String... middlewares) {
        return new TraefikKeys().router(name, rule, name).middlewares(name, middlewares)
                .server(name, "one", backend.url());
    }

    @Test
    void aCorsPreflightIsAnsweredByTheProxyAndTheBackendSeesOnlyTheActualRequest() {
        proxy.apply(routed("api", "Host(`api.test`)", "cors")
                .middleware("cors", "headers/accessControlAllowMethods/0", "GET")
                .middleware("cors", "headers/accessControlAllowMethods/1", "PUT")
                .middleware("cors", "headers/accessControlAllowHeaders/0", "X-Api-Key")
                .middleware("cors", "headers/accessControlAllowOriginList/0", "https://app.example")
                .middleware("cors", "headers/accessControlMaxAge", "100")
                .middleware("cors", "headers/addVaryHeader", "true")
                .build());

        HttpResponse<String> preflight = proxy.send(proxy.request("api.test", "/items/7")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "PUT").header("Access-Control-Request-Headers", "x-api-key")
                .build());

        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.body()).isEmpty();
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains("https://app.example");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).contains("GET,PUT");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).contains("X-Api-Key");
        assertThat(preflight.headers().firstValue("Access-Control-Max-Age")).contains("100");
        assertThat(backend.received()).isEmpty();

        HttpResponse<String> actual = proxy.send(proxy.request("api.test", "/items/7")
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).header("Origin", "https://app.example")
                .header("X-Api-Key", "k").build());

        assertThat(actual.statusCode()).isEqualTo(200);
        assertThat(actual.body()).isEqualTo("backend");
        assertThat(actual.headers().firstValue("Access-Control-Allow-Origin")).contains("https://app.example");
        assertThat(actual.headers().allValues("Vary")).containsExactly("Origin");
        assertThat(backend.received()).singleElement().satisfies(received -> {
            assertThat(received.method()).isEqualTo("PUT");
            assertThat(received.uri()).isEqualTo("/items/7");
        });
    }

    @Test
    void theBackendsResponseGetsTheSecurityHeadersButNoStrictTransportSecurityOverPlainHttp() {
        proxy.apply(routed("site", "Host(`site.test`)", "secure")
                .middleware("secure", "headers/frameDeny", "true")
                .middleware("secure", "headers/contentTypeNosniff", "true")
                .middleware("secure", "headers/browserXssFilter", "true")
                .middleware("secure", "headers/referrerPolicy", "same-origin")
                .middleware("secure", "headers/contentSecurityPolicy", "default-src 'self'")
                .middleware("secure", "headers/permissionsPolicy", "camera=()")
                .middleware("secure", "headers/stsSeconds", "31536000")
                .middleware("secure", "headers/sslProxyHeaders/X-Forwarded-Proto", "https")
                .build());

        HttpResponse<String> response = proxy.send(proxy.request("site.test", "/")
                .header("X-Forwarded-Proto", "https").GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("backend");
        assertThat(response.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(response.headers().firstValue("X-XSS-Protection")).contains("1; mode=block");
        assertThat(response.headers().firstValue("Referrer-Policy")).contains("same-origin");
        assertThat(response.headers().firstValue("Content-Security-Policy")).contains("default-src 'self'");
        assertThat(response.headers().firstValue("Permissions-Policy")).contains("camera=()");
        assertThat(response.headers().firstValue("Strict-Transport-Security"))
                .as("the entry point trusts nobody's X-Forwarded-Proto, so the request is plain HTTP").isEmpty();
        assertThat(backend.received()).singleElement()
                .satisfies(received -> assertThat(received.header("X-Forwarded-Proto")).isEqualTo("http"));
    }

    @Test
    void allowedHostsRefusesAHostItDoesNotListEvenNamedInAForwardedHeader() {
        proxy.apply(routed("shop", "Host(`shop.test`) || Host(`shop.other`)", "hosts")
                .middleware("hosts", "headers/allowedHosts/0", "shop.test")
                .middleware("hosts", "headers/hostsProxyHeaders/0", "X-Forwarded-Host")
                .build());

        HttpResponse<String> allowed = proxy.get("shop.test", "/cart");
        HttpResponse<String> refused = proxy.get("shop.other", "/cart");
        HttpResponse<String> spoofed = proxy.send(proxy.request("shop.other", "/cart")
                .header("X-Forwarded-Host", "shop.test").GET().build());

        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(refused.statusCode()).isEqualTo(500);
        assertThat(refused.body()).isEqualTo("Bad Host\n");
        assertThat(spoofed.statusCode()).isEqualTo(500);
        assertThat(backend.received()).singleElement()
                .satisfies(received -> assertThat(received.header("Host")).isEqualTo("shop.test"));
        assertThat(proxy.runtime().middlewareEvents().snapshot().get("hosts")).containsEntry("rejected", 2L);
    }

    @Test
    void anEmptyCustomXForwardedForSendsTheBackendNone() {
        proxy.apply(routed("anon", "Host(`anon.test`)", "anonymous")
                .middleware("anonymous", "headers/customRequestHeaders/X-Forwarded-For", "")
                .middleware("anonymous", "headers/customRequestHeaders/X-Real-Ip", "")
                .build());

        assertThat(proxy.get("anon.test", "/").statusCode()).isEqualTo(200);

        assertThat(backend.received()).singleElement().satisfies(received -> {
            assertThat(received.header("X-Forwarded-For")).isNull();
            assertThat(received.header("X-Real-Ip")).isNull();
            assertThat(received.header("X-Forwarded-Host")).isEqualTo("anon.test");
        });
    }
}
