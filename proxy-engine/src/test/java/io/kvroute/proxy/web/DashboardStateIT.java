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
import io.kvroute.proxy.testing.TcpEchoServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /api/kvroute/state}'s traffic, agent and TCP parts over a real etcd, ProxyRuntime, two backends weighted 3:1
 * and a TCP echo server: each server's requests (the 3:1 share) and latency (a slow and a fast server), the proxy's requests, no-route requests and 5xx,
 * a router's TLS, each agent node with its servers, keys and sightings (its lease named as unknown), a TCP router's
 * open connections while one is relayed and after it closed.
 */
class DashboardStateIT {
    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private List<Backend> backends;
    private TcpEchoServer echo;
    private EtcdKvStore kv;
    private ProxyRuntime runtime;
    private WebServer web;

    @BeforeEach
    void start() throws IOException {
        backends = List.of(new Backend("alpha"), new Backend("beta"));
        echo = TcpEchoServer.plain("hello");
        kv = new EtcdKvStore(etcd.settings());
        kv.commit(KvTransaction.builder().deletePrefix("traefik").build());
        kv.commit(KvTransaction.builder()
                .put("traefik/http/routers/shop/rule", "PathPrefix(`/shop`)")
                .put("traefik/http/routers/shop/entryPoints/0", "web")
                .put("traefik/http/routers/shop/service", "shop")
                .put("traefik/http/routers/shop/tls/options", "default")
                .put("traefik/http/routers/shop/tls/domains/0/main", "shop.test")
                .put("traefik/http/routers/plain/rule", "PathPrefix(`/plain`)")
                .put("traefik/http/routers/plain/entryPoints/0", "web")
                .put("traefik/http/routers/plain/service", "shop")
                .put("traefik/http/services/shop/loadBalancer/servers/node1--alpha/url", backends.get(0).url())
                .put("traefik/http/services/shop/loadBalancer/servers/node1--alpha/weight", "3")
                .put("traefik/http/services/shop/loadBalancer/servers/node2--beta/url", backends.get(1).url())
                .put("traefik/http/services/shop/loadBalancer/servers/node2--beta/weight", "1")
                .put("traefik/tcp/routers/db/rule", "HostSNI(`*`)")
                .put("traefik/tcp/routers/db/entryPoints/0", "tcp")
                .put("traefik/tcp/routers/db/service", "db")
                .put("traefik/tcp/services/db/loadBalancer/servers/0/address", echo.address())
                .build());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        runtime = ProxyRuntime.start(kv, ProxySettings.of("traefik", Map.of(
                "web", new InetSocketAddress("127.0.0.1", 0), "tcp", new InetSocketAddress("127.0.0.1", 0))), registry);
        web = WebServer.start(WebOptions.open(new InetSocketAddress("127.0.0.1", 0)), runtime, registry);
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.config().isPresent()
                && runtime.tcpRouting().servedRouters().contains("db"));
    }

    @AfterEach
    void stop() {
        if (web != null) {
            web.close();
            runtime.close();
        }
        kv.close();
        backends.forEach(Backend::close);
        echo.close();
    }

    @Test
    void countsEachServersRequestsNoRouteRequestsAnd5xxAndShowsTheRoutersTls() throws Exception {
        for (int i = 0; i < 40; i++) {
            assertThat(proxied("/plain/" + i)).isEqualTo(200);
        }
        assertThat(proxied("/nowhere")).isEqualTo(404);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode state = state();
            JsonNode servers = service(state, "shop@etcd").path("servers");
            assertThat(servers.get(0).path("id").asText()).isEqualTo("node1--alpha");
            assertThat(servers.get(0).path("requestsInWindow").asLong()).isEqualTo(30);
            assertThat(servers.get(0).path("requestsSinceStart").asLong()).isEqualTo(30);
            assertThat(servers.get(1).path("requestsInWindow").asLong()).isEqualTo(10);
            JsonNode totals = state.path("traffic").path("totals");
            assertThat(totals.path("requests").asLong()).isEqualTo(41);
            assertThat(totals.path("noRoute").asLong()).isEqualTo(1);
            assertThat(totals.path("errors").asLong()).isZero();
            JsonNode samples = state.path("traffic").path("samples");
            long requests = 0;
            long noRoute = 0;
            for (JsonNode sample : samples) {
                requests += sample.path("requests").asLong();
                noRoute += sample.path("noRoute").asLong();
            }
            assertThat(requests).as("requests in the window's samples").isEqualTo(41);
            assertThat(noRoute).as("no-route requests in the window's samples").isEqualTo(1);
        });
        JsonNode state = state();
        assertThat(state.path("window").asInt()).isEqualTo(300);
        assertThat(router(state, "shop@etcd").path("tls").toString())
                .isEqualTo("{\"domains\":[{\"main\":\"shop.test\"}],\"options\":\"default\"}");
        assertThat(router(state, "plain@etcd").has("tls")).isFalse();
    }

    @Test
    void givesEachServerItsOwnLatencyPercentiles() throws Exception {
        try (io.kvroute.proxy.testing.Backend slow = io.kvroute.proxy.testing.Backend.start("slow");
                io.kvroute.proxy.testing.Backend fast = io.kvroute.proxy.testing.Backend.start("fast")) {
            slow.delay(Duration.ofMillis(150));
            kv.commit(KvTransaction.builder()
                    .put("traefik/http/routers/timed/rule", "PathPrefix(`/timed`)")
                    .put("traefik/http/routers/timed/entryPoints/0", "web")
                    .put("traefik/http/routers/timed/service", "timed")
                    .put("traefik/http/services/timed/loadBalancer/servers/slow/url", slow.url())
                    .put("traefik/http/services/timed/loadBalancer/servers/fast/url", fast.url())
                    .build());
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> proxied("/timed/0") == 200);
            for (int i = 1; i <= 20; i++) {
                assertThat(proxied("/timed/" + i)).isEqualTo(200);
            }

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                JsonNode servers = service(state(), "timed@etcd").path("servers");
                JsonNode slowServer = named(servers, "slow", "id");
                JsonNode fastServer = named(servers, "fast", "id");
                assertThat(slowServer.path("requestsInWindow").asLong() + fastServer.path("requestsInWindow").asLong())
                        .isEqualTo(21);
                assertThat(slowServer.path("p50").asDouble()).as("the slow server's p50").isGreaterThanOrEqualTo(140);
                assertThat(slowServer.path("p99").asDouble()).isGreaterThanOrEqualTo(slowServer.path("p50").asDouble());
                assertThat(fastServer.path("p50").asDouble()).as("the fast server's p50").isPositive()
                        .isLessThan(slowServer.path("p50").asDouble());
            });
        }
    }

    @Test
    void aPollWithSinceGetsOnlyTheSamplesFromThatSecondOn() throws Exception {
        assertThat(proxied("/plain/0")).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> state().path("traffic").path("samples").size() >= 3);
        JsonNode whole = state();
        assertThat(whole.path("samplesSince").asLong()).isZero();
        JsonNode samples = whole.path("traffic").path("samples");
        long since = samples.get(samples.size() - 1).path("t").asLong();

        JsonNode recent = state("?since=" + since);

        assertThat(recent.path("samplesSince").asLong()).isEqualTo(since);
        assertThat(recent.path("traffic").path("samples")).isNotEmpty()
                .allSatisfy(sample -> assertThat(sample.path("t").asLong()).isGreaterThanOrEqualTo(since));
        assertThat(service(recent, "shop@etcd").path("traffic")).isNotEmpty()
                .allSatisfy(sample -> assertThat(sample.path("t").asLong()).isGreaterThanOrEqualTo(since));
        assertThat(service(whole, "shop@etcd").path("traffic").size())
                .isGreaterThan(service(recent, "shop@etcd").path("traffic").size());
        assertThat(state("?since=soon").path("samplesSince").asLong()).as("not a number: the whole window").isZero();
    }

    @Test
    void listsEachAgentNodeWithItsServersKeysAndSightingsAndNamesItsLeaseAsUnknown() throws Exception {
        Instant before = Instant.now();
        JsonNode agents = state().path("agents");
        assertThat(agents).extracting(agent -> agent.path("node").asText()).containsExactly("node1", "node2");
        JsonNode node1 = agents.get(0);
        assertThat(node1.path("servers").asInt()).isEqualTo(1);
        assertThat(node1.path("keys").asInt()).as("url and weight").isEqualTo(2);
        assertThat(node1.path("present").asBoolean()).isTrue();
        assertThat(Instant.parse(node1.path("lastSeen").asText())).isAfterOrEqualTo(before.minusSeconds(1));
        assertThat(node1.path("lease").asText()).isEqualTo(DashboardState.LEASE_UNKNOWN);

        String firstSeen = node1.path("firstSeen").asText();
        kv.commit(KvTransaction.builder().deletePrefix("traefik/http/services/shop/loadBalancer/servers/node2--beta")
                .build());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode now = state().path("agents");
            assertThat(now).extracting(agent -> agent.path("node").asText()).containsExactly("node1", "node2");
            assertThat(now.get(1).path("present").asBoolean()).as("node2's keys are gone").isFalse();
            assertThat(now.get(1).path("servers").asInt()).isZero();
            assertThat(now.get(0).path("firstSeen").asText()).isEqualTo(firstSeen);
        });
    }

    @Test
    void countsATcpRoutersConnectionWhileItIsRelayed() throws Exception {
        assertThat(tcpRouter(state()).path("connections").asLong()).isZero();
        try (Socket connection = new Socket("127.0.0.1", runtime.address("tcp").getPort());
                BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(),
                        StandardCharsets.US_ASCII))) {
            connection.setSoTimeout(5_000);
            assertThat(in.readLine()).isEqualTo("hello");
            JsonNode db = tcpRouter(state());
            assertThat(db.path("connections").asLong()).isEqualTo(1);
            assertThat(db.path("status").asText()).isEqualTo("enabled");
            assertThat(db.path("rule").asText()).isEqualTo("HostSNI(`*`)");
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(tcpRouter(state()).path("connections").asLong()).isZero());
        assertThat(state().path("udp").toString()).isEqualTo("{\"routers\":[],\"services\":[]}");
    }

    private JsonNode tcpRouter(JsonNode state) {
        JsonNode routers = state.path("tcp").path("routers");
        assertThat(routers).hasSize(1);
        assertThat(routers.get(0).path("name").asText()).isEqualTo("db@etcd");
        return routers.get(0);
    }

    private static JsonNode service(JsonNode state, String name) {
        return named(state.path("services"), name);
    }

    private static JsonNode router(JsonNode state, String name) {
        return named(state.path("routers"), name);
    }

    private static JsonNode named(JsonNode list, String name) {
        return named(list, name, "name");
    }

    private static JsonNode named(JsonNode list, String name, String field) {
        for (JsonNode entity : list) {
            if (entity.path(field).asText().equals(name)) {
                return entity;
            }
        }
        throw new AssertionError(name + " not in " + list);
    }

    private JsonNode state() throws IOException, InterruptedException {
        return state("");
    }

    private JsonNode state(String query) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + web.address().getPort() + "/api/kvroute/state" + query)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private int proxied(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.address("web").getPort()
                + path)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
