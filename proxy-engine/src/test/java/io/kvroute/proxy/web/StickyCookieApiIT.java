package io.kvroute.proxy.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvroute.kv.model.StickyCookie;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.etcd.EtcdKvStore;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.runtime.ProxySettings;
import io.kvroute.proxy.testing.ServedApi;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sticky cookie name in {@code /api/http/services} and {@code /api/rawdata} is the one the proxy sets, as
 * Traefik writes the generated (no {@code name}) or sanitized name into each service it builds; a service no router
 * uses is not built and keeps its settings as configured.
 */
class StickyCookieApiIT {
    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static Backend backend;
    private static ServedApi api;

    @BeforeAll
    static void start() {
        backend = new Backend("origin");
        EtcdKvStore kv = new EtcdKvStore(etcd.settings());
        kv.commit(KvTransaction.builder()
                .put("traefik/http/routers/split/rule", "Host(`split.test`)")
                .put("traefik/http/routers/split/service", "split")
                .put("traefik/http/routers/named/rule", "Host(`named.test`)")
                .put("traefik/http/routers/named/service", "named")
                .put("traefik/http/services/split/weighted/services/0/name", "app")
                .put("traefik/http/services/split/weighted/services/0/weight", "1")
                .put("traefik/http/services/split/weighted/sticky/cookie/httpOnly", "true")
                .put("traefik/http/services/app/loadBalancer/servers/0/url", backend.url())
                .put("traefik/http/services/app/loadBalancer/sticky/cookie/secure", "true")
                .put("traefik/http/services/named/loadBalancer/servers/0/url", backend.url())
                .put("traefik/http/services/named/loadBalancer/sticky/cookie/name", "my cookie")
                .put("traefik/http/services/idle/loadBalancer/servers/0/url", backend.url())
                .put("traefik/http/services/idle/loadBalancer/sticky/cookie/secure", "true")
                .build());
        api = ServedApi.start(kv, ProxySettings.of("traefik", Map.of("web", new InetSocketAddress("127.0.0.1", 0))));
    }

    @AfterAll
    static void stop() {
        api.close();
        backend.close();
    }

    @Test
    void theServicesShowTheCookieNameTheProxySets() throws Exception {
        String named = proxied("named.test").headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(named).startsWith("my_cookie=");
        assertThat(api.get("/api/http/services/named@etcd").path("loadBalancer").path("sticky").path("cookie")
                .path("name").asText()).isEqualTo("my_cookie");

        HttpResponse<String> split = proxied("split.test");
        assertThat(split.statusCode()).as(split.body()).isEqualTo(200);
        assertThat(split.headers().allValues("Set-Cookie"))
                .extracting(cookie -> cookie.substring(0, cookie.indexOf('=')))
                .containsExactlyInAnyOrder(StickyCookie.generatedName("split@etcd"),
                        StickyCookie.generatedName("app@etcd"));
        JsonNode services = api.get("/api/rawdata").path("services");
        JsonNode weighted = services.path("split@etcd").path("weighted").path("sticky").path("cookie");
        assertThat(weighted.path("name").asText()).isEqualTo(StickyCookie.generatedName("split@etcd"));
        assertThat(weighted.path("httpOnly").asBoolean()).isTrue();
        assertThat(services.path("app@etcd").path("loadBalancer").path("sticky").path("cookie").path("name").asText())
                .isEqualTo(StickyCookie.generatedName("app@etcd"));
        assertThat(services.path("idle@etcd").path("loadBalancer").path("sticky").path("cookie").has("name"))
                .as("a service no router uses is not built, as in Traefik").isFalse();
    }

    private static HttpResponse<String> proxied(String host) throws IOException, InterruptedException {
        InetSocketAddress entry = api.runtime().address("web");
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + entry.getPort() + "/"))
                .header("Host", host).build(), HttpResponse.BodyHandlers.ofString());
    }
}
