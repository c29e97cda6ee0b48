package io.kvroute.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.agent.discovery.DefaultRule;
import io.kvroute.agent.docker.AddressPolicy;
import io.kvroute.agent.docker.DockerEndpoint;
import io.kvroute.agent.registration.LeaseTiming;
import io.kvroute.agent.testing.DockerdExtension;
import io.kvroute.agent.testing.HttpdSpec;
import io.kvroute.agent.testing.HttpdSpec.Healthcheck;
import io.kvroute.agent.testing.RunningContainer;
import io.kvroute.kv.config.ConfigDecoder;
import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.kv.config.LayoutChoice;
import io.kvroute.kv.layout.Layout;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStores;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.kv.testing.Measured;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The agent end to end: a real dockerd with busybox httpd containers on the host network, a real etcd. */
class AgentRuntimeDockerIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();
    @RegisterExtension
    static final DockerdExtension DOCKER = new DockerdExtension();

    private static final Duration TTL = Duration.ofSeconds(3);
    private static final Duration POLL = Duration.ofMillis(10);

    private final List<AgentRuntime> agents = new ArrayList<>();
    private final List<KvStore> stores = new ArrayList<>();
    private final List<String> containers = new ArrayList<>();
    private EtcdReader etcd;
    private String prefix;
    private String node;

    @BeforeEach
    void prepare() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        prefix = "t" + run;
        node = "n" + run;
        etcd = new EtcdReader(ETCD);
        assertThat(stored()).as("read once, so that the timings below do not include gRPC's start-up").isEmpty();
    }

    @AfterEach
    void cleanUp() {
        agents.forEach(AgentRuntime::close);
        stores.forEach(KvStore::close);
        containers.forEach(DOCKER::remove);
        etcd.close();
    }

    private AgentRuntime startAgent(Layout layout) throws Exception {
        KvStore store = KvStores.openForAgent(ETCD.settings().withRequestTimeout(Duration.ofSeconds(1)));
        stores.add(store);
        DockerDiscovery docker = new DockerDiscovery(DockerEndpoint.parse(DOCKER.endpoint()),
                AddressPolicy.onHost("127.0.0.1"), true);
        DiscoverySources sources = new DiscoverySources(Optional.of(docker), Optional.empty(), false,
                DefaultRule.TRAEFIK);
        AgentRuntime agent = AgentRuntime.start(new AgentSettings(node, new KeyDestination(layout, prefix, true), sources,
                new LeaseTiming(TTL, LeaseTiming.DEFAULT.reconcileInterval()), Duration.ofMillis(200),
                new InetSocketAddress("127.0.0.1", 0)), store);
        agents.add(agent);
        return agent;
    }

    private RunningContainer httpd(HttpdSpec spec) {
        RunningContainer container = DOCKER.startHttpd(spec);
        containers.add(container.id());
        return container;
    }

    /** A container declaring router and service {@code web} with a server weight, Traefik v3 labels. */
    private RunningContainer web(int weight) {
        int port = DockerdExtension.freePort();
        return httpd(HttpdSpec.httpd("web", port)
                .withLabel("traefik.http.routers.web.rule", "Host(`web.example.com`)")
                .withLabel("traefik.http.services.web.loadbalancer.server.port", Integer.toString(port))
                .withLabel("traefik.http.services.web.loadbalancer.server.weight", Integer.toString(weight)));
    }

    private String serverKey(RunningContainer container) {
        return prefix + "/http/services/web/loadBalancer/servers/" + node + "--" + container.name() + "-"
                + container.port();
    }

    private Map<String, String> serverKeys(RunningContainer container, int weight) {
        return Map.of(serverKey(container) + "/url", "http://127.0.0.1:" + container.port(),
                serverKey(container) + "/weight", Integer.toString(weight));
    }

    private Map<String, String> webKeys(Map<String, String> servers) {
        return ExpectedKeys.withRouter(prefix, "web", "web.example.com", servers);
    }

    private Map<String, String> stored() {
        return etcd.under(prefix + "/");
    }

    @Test
    void labelledContainersAppearWithUrlWeightRuleAndServiceWithinOneSecond() throws Exception {
        RunningContainer before = web(3);

        long start = System.nanoTime();
        AgentRuntime agent = startAgent(Layout.V3);
        await().atMost(Duration.ofSeconds(1)).pollInterval(POLL)
                .until(() -> stored().equals(webKeys(serverKeys(before, 3))));
        long appearedAfterStart = Measured.millisSince(start);

        long started = System.nanoTime();
        RunningContainer after = web(1);
        long dockerRunReturned = Measured.millisSince(started);
        Map<String, String> servers = new TreeMap<>(serverKeys(before, 3));
        servers.putAll(serverKeys(after, 1));
        await().atMost(Duration.ofSeconds(1)).pollInterval(POLL).until(() -> stored().equals(webKeys(servers)));
        Measured.report("appearance: %d ms after AgentRuntime.start; new container %d ms after docker run (run itself "
                + "took %d ms)", appearedAfterStart, Measured.millisSince(started), dockerRunReturned);

        HttpResponse<String> health = AgentHttp.get(agent.healthAddress(), "/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(health.body()).contains("\"healthy\" : true", "\"reasons\" : [ ]", "\"lease\" : \"ACTIVE\"",
                "\"docker\" : \"connected (API ");
        HttpResponse<String> metrics = AgentHttp.get(agent.healthAddress(), "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("kvroute_agent_docker_events_total{action=\"start\"} ",
                "kvroute_agent_lease_grants_total 1.0", "kvroute_agent_servers 2.0",
                "kvroute_agent_docker_connected 1.0", "kvroute_agent_store_connected 1.0",
                "kvroute_agent_store_call_seconds_count{operation=\"commit\"} ",
                "kvroute_agent_reconcile_corrections_total{correction=\"put_missing\"} ");
    }

    @Test
    void layoutV1WritesTheSeedsKeysUnderALeadingSlash() throws Exception {
        int port = DockerdExtension.freePort();
        RunningContainer nginx = httpd(HttpdSpec.httpd("nginx", port)
                .withLabel("traefik.backend", "backend1")
                .withLabel("traefik.frontend.rule", "Host:nginx.example.com")
                .withLabel("traefik.port", Integer.toString(port)));

        startAgent(Layout.V1);

        String server = "/" + prefix + "/backends/backend1/servers/" + node + "--" + nginx.name() + "-" + port;
        await().atMost(Duration.ofSeconds(2)).pollInterval(POLL).untilAsserted(() ->
                assertThat(etcd.under("/" + prefix + "/")).isEqualTo(Map.of(
                        server + "/url", "http://127.0.0.1:" + port,
                        server + "/weight", "1",
                        "/" + prefix + "/frontends/backend1/backend", "backend1",
                        "/" + prefix + "/frontends/backend1/routes/backend1/rule", "Host:nginx.example.com")));
        assertThat(stored()).isEmpty();
    }

    @Test
    void dockerStopDrainsWithWeightZeroThenRemoves() throws Exception {
        RunningContainer stays = web(1);
        RunningContainer stopped = web(2);
        startAgent(Layout.V3);
        Map<String, String> both = new TreeMap<>(serverKeys(stays, 1));
        both.putAll(serverKeys(stopped, 2));
        await().atMost(Duration.ofSeconds(2)).pollInterval(POLL).until(() -> stored().equals(webKeys(both)));

        long start = System.nanoTime();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> DOCKER.stop(stopped.id()));
        await().atMost(Duration.ofSeconds(1)).pollInterval(POLL)
                .until(() -> "0".equals(stored().get(serverKey(stopped) + "/weight")));
        long drained = Measured.millisSince(start);
        await().atMost(Duration.ofSeconds(3)).pollInterval(POLL)
                .until(() -> stored().equals(webKeys(serverKeys(stays, 1))));
        long removed = Measured.millisSince(start);
        stopping.join();
        Measured.report("docker stop: weight 0 after %d ms, keys removed after %d ms", drained, removed);
    }

    @Test
    void tcpLabelsAreWrittenAsTraefikTcpKeysAndReadBackByTheDecoder() throws Exception {
        int port = DockerdExtension.freePort();
        RunningContainer stays = web(1);
        RunningContainer tcp = httpd(HttpdSpec.httpd("db", port)
                .withLabel("traefik.tcp.routers.db.rule", "HostSNI(`*`)")
                .withLabel("traefik.tcp.routers.db.entrypoints", "tcp")
                .withLabel("traefik.tcp.services.db.loadbalancer.server.port", Integer.toString(port)));
        startAgent(Layout.V3);
        String server = prefix + "/tcp/services/db/loadBalancer/servers/" + node + "--" + tcp.name() + "-" + port;
        Map<String, String> expected = new TreeMap<>(webKeys(serverKeys(stays, 1)));
        expected.putAll(Map.of(prefix + "/tcp/routers/db/entryPoints/0", "tcp",
                prefix + "/tcp/routers/db/rule", "HostSNI(`*`)",
                prefix + "/tcp/routers/db/service", "db",
                server + "/address", "127.0.0.1:" + port));
        await().atMost(Duration.ofSeconds(2)).pollInterval(POLL).until(() -> stored().equals(expected));

        List<KvPair> pairs = stored().entrySet().stream().map(entry -> KvPair.of(entry.getKey(), entry.getValue()))
                .toList();
        DecodedConfig decoded = ConfigDecoder.decode(pairs, prefix, LayoutChoice.V3);
        assertThat(decoded.problems()).filteredOn(Problem::isError).isEmpty();
        assertThat(decoded.traefikJson().get("tcp").toString()).isEqualTo("{\"routers\":{\"db\":{\"entryPoints\":"
                + "[\"tcp\"],\"rule\":\"HostSNI(`*`)\",\"service\":\"db\"}},\"services\":{\"db\":{\"loadBalancer\":"
                + "{\"servers\":[{\"address\":\"127.0.0.1:" + port + "\"}]}}}}");

        DOCKER.kill(tcp.id());
        await().atMost(Duration.ofSeconds(2)).pollInterval(POLL)
                .until(() -> stored().equals(webKeys(serverKeys(stays, 1))));
    }

    @Test
    void dockerKillRemovesTheServer() throws Exception {
        RunningContainer stays = web(1);
        RunningContainer killed = web(1);
        startAgent(Layout.V3);
        Map<String, String> both = new TreeMap<>(serverKeys(stays, 1));
        both.putAll(serverKeys(killed, 1));
        await().atMost(Duration.ofSeconds(2)).pollInterval(POLL).until(() -> stored().equals(webKeys(both)));

        long start = System.nanoTime();
        DOCKER.kill(killed.id());
        await().atMost(Duration.ofSeconds(2)).pollInterval(POLL)
                .until(() -> stored().equals(webKeys(serverKeys(stays, 1))));
        Measured.report("docker kill: keys removed after %d ms", Measured.millisSince(start));
    }

    @Test
    void aContainerWithAHealthcheckIsPublishedOnlyOnceHealthy() throws Exception {
        startAgent(Layout.V3);
        int port = DockerdExtension.freePort();
        RunningContainer checked = httpd(HttpdSpec.httpd("checked", port).withHealthcheck(Healthcheck.READY_FILE)
                .withLabel("kvroute.port", Integer.toString(port)));
        RunningContainer marker = web(1);
        await().atMost(Duration.ofSeconds(2)).pollInterval(POLL)
                .until(() -> stored().equals(webKeys(serverKeys(marker, 1))));

        long start = System.nanoTime();
        DOCKER.markReady(checked.id());
        String server = prefix + "/http/services/checked-" + checked.name().substring("checked-".length())
                + "/loadBalancer/servers/" + node + "--" + checked.name() + "-" + port + "/url";
        await().atMost(Duration.ofSeconds(3)).pollInterval(POLL)
                .until(() -> ("http://127.0.0.1:" + port).equals(stored().get(server)));
        Measured.report("health check: published %d ms after the ready file was created",
                Measured.millisSince(start));
    }

    @Test
    void aContainerWithABadLabelIsReportedOnceAndOthersKeepWorking() throws Exception {
        try (LogCapture log = new LogCapture(ChangeReporter.class)) {
            startAgent(Layout.V3);
            RunningContainer bad = httpd(HttpdSpec.httpd("bad", DockerdExtension.freePort())
                    .withLabel("traefik.enable", "maybe"));
            RunningContainer first = web(1);
            await().atMost(Duration.ofSeconds(2)).pollInterval(POLL)
                    .until(() -> stored().equals(webKeys(serverKeys(first, 1))));
            RunningContainer second = web(1);
            Map<String, String> both = new TreeMap<>(serverKeys(first, 1));
            both.putAll(serverKeys(second, 1));
            await().atMost(Duration.ofSeconds(2)).pollInterval(POLL).until(() -> stored().equals(webKeys(both)));

            assertThat(log.lines()).filteredOn(line -> line.contains(bad.name())).containsExactly(
                    "WARN container " + bad.name() + ": label traefik.enable=\"maybe\" (expected: true or false)");
        }
    }

    @Test
    void afterADockerdRestartTheAgentReconnectsAndConverges() throws Exception {
        RunningContainer old = web(1);
        AgentRuntime agent = startAgent(Layout.V3);
        await().atMost(Duration.ofSeconds(2)).pollInterval(POLL)
                .until(() -> stored().equals(webKeys(serverKeys(old, 1))));

        long start = System.nanoTime();
        DOCKER.stopDaemon();
        await().atMost(Duration.ofSeconds(5)).pollInterval(POLL).untilAsserted(() -> {
            HttpResponse<String> health = AgentHttp.get(agent.healthAddress(), "/health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("\"healthy\" : false", "docker disconnected (");
        });
        long unhealthy = Measured.millisSince(start);
        DOCKER.startDaemonAgain();
        long daemonBack = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).pollInterval(POLL)
                .until(() -> AgentHttp.get(agent.healthAddress(), "/health").statusCode() == 200);
        long reconnected = Measured.millisSince(daemonBack);
        RunningContainer fresh = web(1);
        await().atMost(Duration.ofSeconds(2)).pollInterval(POLL)
                .until(() -> stored().equals(webKeys(serverKeys(fresh, 1))));
        Measured.report("dockerd restart: /health 503 after %d ms; reconnected %d ms after the daemon answered again",
                unhealthy, reconnected);
    }
}
