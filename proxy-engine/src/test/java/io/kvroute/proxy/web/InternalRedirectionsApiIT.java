package io.kvroute.proxy.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.etcd.EtcdKvStore;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.http.EntryPointOptions;
import io.kvroute.proxy.http.EntryPointRedirect;
import io.kvroute.proxy.http.ForwardedHeadersTrust;
import io.kvroute.proxy.http.UnderscoreHeaders;
import io.kvroute.proxy.path.RequestPathPolicy;
import io.kvroute.proxy.routing.RouterTls;
import io.kvroute.proxy.runtime.ProxySettings;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.ServedApi;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The entry points' redirections as Traefik's API shows them, through real etcd keys and a real ProxyRuntime: the
 * router {@code web-to-websecure@internal} and the middleware {@code redirect-web-to-websecure@internal} (port: the
 * bound port of websecure), for an entry point {@code alt_ep} redirecting to {@code :443} the names
 * {@code alt-ep-to-443}, service {@code noop@internal}, in the HTTP listings and lookups, in rawdata and in the
 * overview counts, beside the store's entities.
 */
class InternalRedirectionsApiIT {
    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PRIORITY = "9223372036854775806";
    private static ServedApi api;

    @BeforeAll
    static void start() {
        EtcdKvStore kv = new EtcdKvStore(etcd.settings());
        kv.commit(KvTransaction.builder().put("traefik/http/routers/app/rule", "Host(`app.test`)")
                .put("traefik/http/routers/app/service", "app")
                .put("traefik/http/services/app/loadBalancer/servers/0/url", "http://127.0.0.1:9").build());
        ProxySettings defaults = RunningProxy.settings();
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        ProxySettings settings = new ProxySettings(Map.of("web", any, "websecure", any, "alt_ep", any), "traefik",
                defaults.requestTimeout(), defaults.connectRetries(), defaults.maxHeaderBytes(),
                defaults.maxBodyBytes(), defaults.shutdownGrace(), Map.of(
                        "web", options(Optional.empty(), Optional.of(new EntryPointRedirect("websecure", "https",
                                true))),
                        "websecure", options(Optional.of(RouterTls.of("", "")), Optional.empty()),
                        "alt_ep", options(Optional.empty(), Optional.of(new EntryPointRedirect(":443", "https",
                                false)))));
        api = ServedApi.start(kv, settings);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void theRedirectionsRouterAndMiddlewareAreListedAsTraefikNamesThem() throws Exception {
        int websecure = api.runtime().address("websecure").getPort();

        JsonNode routers = api.get("/api/http/routers");

        assertThat(routers).extracting(r -> r.get("name").asText())
                .containsExactly("alt-ep-to-443@internal", "app@etcd", "web-to-websecure@internal");
        assertThat(routers.get(2)).isEqualTo(JSON.readTree("{\"entryPoints\":[\"web\"],"
                + "\"middlewares\":[\"redirect-web-to-websecure@internal\"],\"service\":\"noop@internal\","
                + "\"rule\":\"HostRegexp(`^.+$`)\",\"ruleSyntax\":\"default\",\"priority\":" + PRIORITY + ","
                + "\"status\":\"enabled\",\"using\":[\"web\"],\"name\":\"web-to-websecure@internal\","
                + "\"provider\":\"internal\",\"priorityStr\":\"" + PRIORITY + "\"}"));
        assertThat(api.get("/api/http/middlewares/redirect-web-to-websecure@internal")).isEqualTo(JSON.readTree(
                "{\"redirectScheme\":{\"scheme\":\"https\",\"port\":\"" + websecure + "\",\"permanent\":true},"
                        + "\"status\":\"enabled\",\"usedBy\":[\"web-to-websecure@internal\"],"
                        + "\"name\":\"redirect-web-to-websecure@internal\",\"provider\":\"internal\","
                        + "\"type\":\"redirectscheme\"}"));
        assertThat(api.get("/api/http/middlewares/redirect-alt-ep-to-443@internal").get("redirectScheme").toString())
                .isEqualTo("{\"scheme\":\"https\",\"port\":\"443\",\"permanent\":false}");
        assertThat(api.get("/api/http/routers/alt-ep-to-443@internal").get("entryPoints").toString())
                .isEqualTo("[\"alt_ep\"]");
        assertThat(api.get("/api/http/services/noop@internal").get("usedBy").toString())
                .isEqualTo("[\"alt-ep-to-443@internal\",\"web-to-websecure@internal\"]");
        List<String> byService = new ArrayList<>();
        api.get("/api/http/routers?serviceName=noop@internal").forEach(r -> byService.add(r.get("name").asText()));
        assertThat(byService).containsExactly("alt-ep-to-443@internal", "web-to-websecure@internal");
        assertThat(api.status("/api/http/routers/nothing@internal")).isEqualTo(404);
    }

    @Test
    void rawdataAndOverviewCountThem() throws Exception {
        JsonNode rawdata = api.get("/api/rawdata");
        assertThat(rawdata.get("routers").has("web-to-websecure@internal")).isTrue();
        assertThat(rawdata.get("routers").get("web-to-websecure@internal").has("name")).isFalse();
        assertThat(rawdata.get("middlewares").get("redirect-alt-ep-to-443@internal").get("status").asText())
                .isEqualTo("enabled");
        assertThat(rawdata.get("services").has("noop@internal")).isTrue();
        assertThat(rawdata.get("routers").has("app@etcd")).isTrue();

        JsonNode http = api.get("/api/overview").get("http");
        assertThat(http.toString()).isEqualTo("{\"routers\":{\"total\":3,\"warnings\":0,\"errors\":0},"
                + "\"services\":{\"total\":2,\"warnings\":0,\"errors\":0},"
                + "\"middlewares\":{\"total\":2,\"warnings\":0,\"errors\":0}}");
    }

    private static EntryPointOptions options(Optional<RouterTls> tls, Optional<EntryPointRedirect> redirect) {
        return new EntryPointOptions(RequestPathPolicy.DEFAULT, UnderscoreHeaders.DELETE, ForwardedHeadersTrust.NONE,
                tls, redirect);
    }}
