package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.ProxyHarness;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import io.kvroute.proxy.web.WebOptions;
import io.kvroute.proxy.web.WebServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rewriting middlewares and chains configured by keys in etcd, through the proxy to a real origin: the origin
 * sees the rewritten path and the headers Traefik adds; a chain of chains follows a member changed live, and a member
 * that goes missing leaves out the routers using it until it comes back.
 */
class RewriteMiddlewaresIT {
    @RegisterExtension
    static final ProxyHarness HARNESS = new ProxyHarness();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Backend backend = HARNESS.backend("origin");
    private final RunningProxy proxy = HARNESS.proxy();

    private TraefikKeys routed(String name, String... middlewares) {
        return new TraefikKeys().router(name, "Host(`" + name + ".test`)", name).middlewares(name, middlewares)
                .server(name, "one", backend.url());
    }

    @Test
    void redirectRegexSendsTheClientToTheRewrittenUrl() {
        proxy.apply(routed("old", "moved")
                .middleware("moved", "redirectRegex/regex", "^http://old\\.test/(.*)")
                .middleware("moved", "redirectRegex/replacement", "https://new.test/${1}")
                .middleware("moved", "redirectRegex/permanent", "true")
                .build());

        HttpResponse<String> moved = proxy.get("old.test", "/shop/a%20b?id=7");
        HttpResponse<String> unmatched = proxy.get("old.test:8080", "/shop");

        assertThat(moved.statusCode()).isEqualTo(301);
        assertThat(moved.headers().firstValue("Location")).contains("https://new.test/shop/a%20b?id=7");
        assertThat(unmatched.statusCode()).isEqualTo(200);
        assertThat(backend.received()).extracting(Backend.Received::uri).containsExactly("/shop");
    }

    @Test
    void replacePathRegexAndReplacePathForwardTheNewPathWithTheOneBefore() {
        proxy.apply(routed("v1", "to-v2")
                .middleware("to-v2", "replacePathRegex/regex", "^/api/v1/(.*)")
                .middleware("to-v2", "replacePathRegex/replacement", "/api/v2/$1")
                .router("probe", "Host(`probe.test`)", "v1").middlewares("probe", "health")
                .middleware("health", "replacePath/path", "/healthz")
                .build());

        assertThat(proxy.get("v1.test", "/api/v1/users/a%20b?page=2").statusCode()).isEqualTo(200);
        assertThat(proxy.get("probe.test", "/anything?x=1").statusCode()).isEqualTo(200);

        List<Backend.Received> received = backend.received();
        assertThat(received).extracting(Backend.Received::uri)
                .containsExactly("/api/v2/users/a%20b?page=2", "/healthz?x=1");
        assertThat(received.get(0).header("X-Replaced-Path")).isEqualTo("/api/v1/users/a%20b");
        assertThat(received.get(1).header("X-Replaced-Path")).isEqualTo("/anything");
    }

    @Test
    void stripPrefixRegexForwardsWhatFollowsTheMatchAndTheMatchAsPrefix() {
        proxy.apply(routed("tenants", "tenant")
                .middleware("tenant", "stripPrefixRegex/regex/0", "/tenant/[0-9]+")
                .build());

        assertThat(proxy.get("tenants.test", "/tenant/42/users?page=2").statusCode()).isEqualTo(200);
        assertThat(proxy.get("tenants.test", "/tenant/42x").statusCode()).isEqualTo(200);
        assertThat(proxy.get("tenants.test", "/tenants").statusCode()).isEqualTo(200);
        assertThat(proxy.get("tenants.test", "/tenant/42./admin").statusCode()).isEqualTo(400);

        List<Backend.Received> received = backend.received();
        assertThat(received).extracting(Backend.Received::uri).containsExactly("/users?page=2", "/x", "/tenants");
        assertThat(received.get(0).header("X-Forwarded-Prefix")).isEqualTo("/tenant/42");
        assertThat(received.get(2).header("X-Forwarded-Prefix")).isNull();
    }

    @Test
    void routersUsingAChainOfChainsFollowAMemberChangedLive() throws IOException {
        proxy.apply(routed("front", "edge")
                .middleware("edge", "chain/middlewares/0", "strip-api")
                .middleware("edge", "chain/middlewares/1", "tagged@etcd")
                .middleware("tagged", "chain/middlewares/0", "tag")
                .middleware("strip-api", "stripPrefix/prefixes/0", "/api")
                .middleware("tag", "headers/customRequestHeaders/X-Tag", "one")
                .router("direct", "Host(`direct.test`)", "front").middlewares("direct", "tagged")
                .router("plain", "Host(`plain.test`)", "front")
                .build());

        assertThat(tagSeenThrough("front.test", "/api/x")).isEqualTo("one");
        assertThat(tagSeenThrough("direct.test", "/y")).isEqualTo("one");
        assertThat(backend.received()).extracting(Backend.Received::uri).containsExactly("/x", "/y");

        proxy.apply(new TraefikKeys().middleware("tag", "headers/customRequestHeaders/X-Tag", "two").build());

        assertThat(tagSeenThrough("front.test", "/api/x")).isEqualTo("two");
        assertThat(tagSeenThrough("direct.test", "/y")).isEqualTo("two");

        proxy.apply(new TraefikKeys().middleware("tagged", "chain/middlewares/1", "audit").build());

        assertThat(proxy.get("front.test", "/api/x").statusCode()).isEqualTo(404);
        assertThat(proxy.get("direct.test", "/y").statusCode()).isEqualTo(404);
        assertThat(proxy.get("plain.test", "/z").statusCode()).isEqualTo(200);
        assertThat(proxy.runtime().snapshot().routing().exclusions()).extracting(io.kvroute.proxy.routing.Exclusion::toLine).containsExactly(
                "router direct: middleware chain tagged: member audit does not exist",
                "router front: middleware chain tagged: member audit does not exist");

        proxy.apply(new TraefikKeys().middleware("audit", "headers/customRequestHeaders/X-Audit", "on").build());

        assertThat(proxy.get("front.test", "/api/x").statusCode()).isEqualTo(200);
        assertThat(backend.received().get(backend.received().size() - 1).header("X-Audit")).isEqualTo("on");
        assertThat(routerMiddlewaresInTheApi("front@etcd")).containsExactly("edge@etcd");
    }

    /** The X-Tag the origin received for a GET through the proxy. */
    private String tagSeenThrough(String host, String path) {
        assertThat(proxy.get(host, path).statusCode()).isEqualTo(200);
        return backend.received().get(backend.received().size() - 1).header("X-Tag");
    }

    /** The router's middlewares as Traefik's API on the proxy's web server lists them. */
    private List<String> routerMiddlewaresInTheApi(String router) throws IOException {
        try (WebServer web = WebServer.start(WebOptions.open(new InetSocketAddress("127.0.0.1", 0)), proxy.runtime(),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            URI uri = URI.create("http://127.0.0.1:" + web.address().getPort() + "/api/http/routers/" + router);
            HttpResponse<String> response = proxy.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                    .GET().build());
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode middlewares = JSON.readTree(response.body()).path("middlewares");
            return JSON.convertValue(middlewares, JSON.getTypeFactory().constructCollectionType(List.class,
                    String.class));
        }
    }
}
