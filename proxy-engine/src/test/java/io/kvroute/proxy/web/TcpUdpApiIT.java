package io.kvroute.proxy.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.etcd.EtcdKvStore;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.runtime.ProxyRuntime;
import io.kvroute.proxy.runtime.ProxySettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /api/tcp/...} and {@code /api/udp/...} in Traefik's shapes: empty lists before anything is configured (never
 * 404), then each router, service and middleware with its status, errors, entry points and users.
 */
class TcpUdpApiIT {
    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private EtcdKvStore kv;
    private ProxyRuntime runtime;
    private WebServer web;

    @BeforeEach
    void start() {
        kv = new EtcdKvStore(etcd.settings());
        kv.commit(KvTransaction.builder().deletePrefix("traefik").build());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        runtime = ProxyRuntime.start(kv, ProxySettings.of("traefik", Map.of("web", new InetSocketAddress("127.0.0.1", 0))),
                registry);
        web = WebServer.start(WebOptions.open(new InetSocketAddress("127.0.0.1", 0)), runtime, registry);
    }

    @AfterEach
    void stop() {
        web.close();
        runtime.close();
        kv.close();
    }

    @Test
    void listsTcpAndUdpEntitiesInTraefiksShapesAndEmptyListsWhenThereAreNone() throws Exception {
        for (String path : new String[] {"/api/tcp/routers", "/api/tcp/services", "/api/tcp/middlewares",
            "/api/udp/routers", "/api/udp/services"}) {
            HttpResponse<String> response = send(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).isEqualTo("[]");
        }
        kv.commit(KvTransaction.builder()
                .put("traefik/tcp/routers/db/rule", "HostSNI(`*`)")
                .put("traefik/tcp/routers/db/service", "db")
                .put("traefik/tcp/routers/db/middlewares/0", "office")
                .put("traefik/tcp/routers/bad/rule", "HostSNI(`db.test`)")
                .put("traefik/tcp/routers/bad/service", "db")
                .put("traefik/tcp/services/db/loadBalancer/servers/0/address", "127.0.0.1:5432")
                .put("traefik/tcp/middlewares/office/ipAllowList/sourceRange/0", "10.0.0.0/8")
                .put("traefik/udp/routers/dns/service", "dns")
                .put("traefik/udp/services/dns/loadBalancer/servers/0/address", "127.0.0.1:53")
                .build());

        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() ->
                assertThat(JSON.readTree(send("/api/tcp/routers").body())).hasSize(2));
        JsonNode db = JSON.readTree(send("/api/tcp/routers/db@etcd").body());
        assertThat(db.path("status").asText()).isEqualTo("enabled");
        assertThat(db.path("rule").asText()).isEqualTo("HostSNI(`*`)");
        assertThat(db.path("using").toString()).isEqualTo("[\"web\"]");
        assertThat(db.path("provider").asText()).isEqualTo("etcd");
        JsonNode bad = JSON.readTree(send("/api/tcp/routers/bad@etcd").body());
        assertThat(bad.path("status").asText()).isEqualTo("disabled");
        assertThat(bad.path("error").toString()).contains("has a HostSNI matcher but the router has no tls");
        JsonNode service = JSON.readTree(send("/api/tcp/services/db@etcd").body());
        assertThat(service.path("type").asText()).isEqualTo("loadbalancer");
        assertThat(service.path("usedBy").toString()).isEqualTo("[\"bad@etcd\",\"db@etcd\"]");
        assertThat(service.at("/loadBalancer/servers/0/address").asText()).isEqualTo("127.0.0.1:5432");
        JsonNode middleware = JSON.readTree(send("/api/tcp/middlewares?search=off").body()).get(0);
        assertThat(middleware.path("type").asText()).isEqualTo("ipallowlist");
        assertThat(middleware.path("usedBy").toString()).isEqualTo("[\"db@etcd\"]");
        JsonNode udp = JSON.readTree(send("/api/udp/routers").body()).get(0);
        assertThat(udp.path("name").asText()).isEqualTo("dns@etcd");
        assertThat(udp.path("status").asText()).as("no UDP entry point serves it").isEqualTo("disabled");
        assertThat(udp.path("error").toString()).contains("this proxy has no UDP entry point");
        assertThat(send("/api/tcp/routers/none@etcd").statusCode()).isEqualTo(404);
        JsonNode overview = JSON.readTree(send("/api/overview").body());
        assertThat(overview.path("tcp").path("routers").toString())
                .isEqualTo("{\"total\":2,\"warnings\":0,\"errors\":1}");
        assertThat(overview.path("tcp").path("services").path("total").asInt()).isEqualTo(1);
        assertThat(overview.path("tcp").path("middlewares").path("total").asInt()).isEqualTo(1);
        assertThat(overview.path("udp").path("routers").toString())
                .isEqualTo("{\"total\":1,\"warnings\":0,\"errors\":1}");
    }

    /** Priorities and weights are Go ints, 64-bit: the API prints 2^40 as the JSON number it is, as Traefik does. */
    @Test
    void printsPrioritiesAndWeightsBeyond32BitsAsJsonNumbers() throws Exception {
        long big = 1L << 40;
        kv.commit(KvTransaction.builder()
                .put("traefik/http/routers/big/rule", "Host(`big.test`)")
                .put("traefik/http/routers/big/service", "app")
                .put("traefik/http/routers/big/priority", Long.toString(big))
                .put("traefik/http/services/app/loadBalancer/servers/0/url", "http://127.0.0.1:1")
                .put("traefik/http/services/app/loadBalancer/servers/0/weight", Long.toString(big))
                .put("traefik/tcp/routers/db/rule", "HostSNI(`*`)")
                .put("traefik/tcp/routers/db/service", "split")
                .put("traefik/tcp/routers/db/priority", Long.toString(big))
                .put("traefik/tcp/services/split/weighted/services/0/name", "db")
                .put("traefik/tcp/services/split/weighted/services/0/weight", Long.toString(big))
                .put("traefik/tcp/services/db/loadBalancer/servers/0/address", "127.0.0.1:5432")
                .build());

        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() ->
                assertThat(send("/api/tcp/services/split@etcd").statusCode()).isEqualTo(200));
        JsonNode router = JSON.readTree(send("/api/http/routers/big@etcd").body());
        assertThat(router.path("status").asText()).isEqualTo("enabled");
        assertThat(router.path("priority").isIntegralNumber()).isTrue();
        assertThat(router.path("priority").asLong()).isEqualTo(big);
        JsonNode server = JSON.readTree(send("/api/http/services/app@etcd").body()).at("/loadBalancer/servers/0");
        assertThat(server.path("weight").isIntegralNumber()).isTrue();
        assertThat(server.path("weight").asLong()).isEqualTo(big);
        JsonNode tcpRouter = JSON.readTree(send("/api/tcp/routers/db@etcd").body());
        assertThat(tcpRouter.path("status").asText()).isEqualTo("enabled");
        assertThat(tcpRouter.path("priority").asLong()).isEqualTo(big);
        JsonNode weighted = JSON.readTree(send("/api/tcp/services/split@etcd").body());
        assertThat(weighted.at("/weighted/services/0/weight").isIntegralNumber()).isTrue();
        assertThat(weighted.at("/weighted/services/0/weight").asLong()).isEqualTo(big);
    }

    private HttpResponse<String> send(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.address().getPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
