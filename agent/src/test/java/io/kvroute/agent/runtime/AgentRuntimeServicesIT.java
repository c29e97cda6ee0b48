package io.kvroute.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.agent.discovery.DefaultRule;
import io.kvroute.agent.registration.LeaseTiming;
import io.kvroute.agent.registration.RegistrarStatus.LeaseState;
import io.kvroute.agent.services.ServicesFileWatcher;
import io.kvroute.kv.layout.Layout;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStores;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.kv.testing.Measured;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The agent with a services file and a real etcd: file edits, clean stop, crash, store outage. */
class AgentRuntimeServicesIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    private static final Duration TTL = Duration.ofSeconds(2);
    private static final Duration POLL = Duration.ofMillis(10);

    @TempDir
    Path dir;

    private final List<AgentRuntime> agents = new ArrayList<>();
    private final List<KvStore> stores = new ArrayList<>();
    private EtcdReader etcd;
    private Path servicesFile;
    private String prefix;
    private String node;

    @BeforeEach
    void prepare() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        prefix = "t" + run;
        node = "n" + run;
        servicesFile = dir.resolve("services.yml");
        etcd = new EtcdReader(ETCD);
        assertThat(stored()).as("read once, so that the timings below do not include gRPC's start-up").isEmpty();
    }

    @AfterEach
    void cleanUp() {
        agents.forEach(AgentRuntime::close);
        stores.forEach(KvStore::close);
        etcd.close();
    }

    private AgentRuntime startAgent(Layout layout, Duration drainGrace) throws Exception {
        KvStore store = KvStores.openForAgent(ETCD.settings().withRequestTimeout(Duration.ofSeconds(1)));
        stores.add(store);
        DiscoverySources sources = new DiscoverySources(Optional.empty(), Optional.of(servicesFile), false,
                DefaultRule.TRAEFIK);
        AgentRuntime agent = AgentRuntime.start(new AgentSettings(node, new KeyDestination(layout, prefix, true), sources,
                new LeaseTiming(TTL, LeaseTiming.DEFAULT.reconcileInterval()), drainGrace,
                new InetSocketAddress("127.0.0.1", 0)), store);
        agents.add(agent);
        return agent;
    }

    private void writeServices(String yaml) throws Exception {
        Path temporary = dir.resolve("services.yml.tmp");
        Files.writeString(temporary, yaml, StandardCharsets.UTF_8);
        Files.move(temporary, servicesFile, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String api(String... servers) {
        StringBuilder yaml = new StringBuilder("services:\n  - name: api\n    rule: Host(`api.example.com`)\n"
                + "    servers:\n");
        for (String server : servers) {
            yaml.append("      - ").append(server).append('\n');
        }
        return yaml.toString();
    }

    private String server(int port) {
        return prefix + "/http/services/api/loadBalancer/servers/" + node + "--api-127-0-0-1-" + port;
    }

    private Map<String, String> apiKeys(Map<String, String> servers) {
        return ExpectedKeys.withRouter(prefix, "api", "api.example.com", servers);
    }

    private Map<String, String> stored() {
        return etcd.under(prefix + "/");
    }

    @Test
    void servicesFileEditsTakeEffectAndAnInvalidEditKeepsTheRegistrations() throws Exception {
        writeServices(api("{url: 'http://127.0.0.1:9001', weight: 2}"));
        AgentRuntime agent = startAgent(Layout.V3, Duration.ZERO);
        await().atMost(Duration.ofSeconds(1)).pollInterval(POLL).until(() -> stored().equals(apiKeys(Map.of(
                server(9001) + "/url", "http://127.0.0.1:9001", server(9001) + "/weight", "2"))));

        writeServices(api("{url: 'http://127.0.0.1:9001', weight: 5}", "{url: 'http://127.0.0.1:9002'}"));
        Map<String, String> twoServers = apiKeys(Map.of(
                server(9001) + "/url", "http://127.0.0.1:9001", server(9001) + "/weight", "5",
                server(9002) + "/url", "http://127.0.0.1:9002", server(9002) + "/weight", "1"));
        await().atMost(Duration.ofSeconds(3)).pollInterval(POLL).until(() -> stored().equals(twoServers));

        try (LogCapture log = new LogCapture(ServicesFileWatcher.class)) {
            writeServices("services:\n  - name: api\n    servers: [{url: http://127.0.0.1:9003\n");
            await().atMost(Duration.ofSeconds(3)).pollInterval(POLL).until(() -> log.lines().stream()
                    .anyMatch(line -> line.startsWith("WARN " + servicesFile) && line.contains("not valid YAML")));
        }
        assertThat(stored()).isEqualTo(twoServers);
        HttpResponse<String> refused = AgentHttp.get(agent.healthAddress(), "/health");
        assertThat(refused.statusCode()).isEqualTo(200);
        String problem = agent.health().problems().get(0);
        assertThat(problem).matches(Pattern.quote(servicesFile.toString()) + ":[0-9]+: not valid YAML: .*")
                .endsWith("; the last good services stay registered");
        assertThat(refused.body()).contains("\"problems\" : [ \"" + servicesFile + ":");
        assertThat(agent.problems()).singleElement().satisfies(error ->
                assertThat(problem).isEqualTo(error.where() + ": " + error.reason()));

        writeServices("services:\n  - name: other\n    rule: Host(`other.example.com`)\n"
                + "    servers: [{url: 'http://127.0.0.1:9004'}]\n");
        String other = prefix + "/http/services/other/loadBalancer/servers/" + node + "--other-127-0-0-1-9004";
        await().atMost(Duration.ofSeconds(3)).pollInterval(POLL).until(() -> stored().equals(Map.of(
                prefix + "/http/routers/other/rule", "Host(`other.example.com`)",
                prefix + "/http/routers/other/service", "other",
                other + "/url", "http://127.0.0.1:9004", other + "/weight", "1")));
        assertThat(agent.health().problems()).isEmpty();
        assertThat(agent.problems()).isEmpty();
    }

    @Test
    void stopDrainsDuringTheGraceThenDeletesTheKeysAndRevokesTheLease() throws Exception {
        writeServices(api("{url: 'http://127.0.0.1:9001', weight: 2}"));
        Duration grace = Duration.ofSeconds(1);
        AgentRuntime agent = startAgent(Layout.V3, grace);
        await().atMost(Duration.ofSeconds(1)).pollInterval(POLL)
                .until(() -> !stored().isEmpty() && agent.registrarStatus().leaseId().isPresent());
        String lease = agent.registrarStatus().leaseId().orElseThrow();

        long start = System.nanoTime();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(agent::stop);
        await().atMost(grace).pollInterval(POLL).until(() -> stored().equals(apiKeys(Map.of(
                server(9001) + "/url", "http://127.0.0.1:9001", server(9001) + "/weight", "0"))));
        long drained = Measured.millisSince(start);
        await().atMost(grace.plusSeconds(1)).pollInterval(POLL).until(() -> stored().isEmpty());
        long removed = Measured.millisSince(start);
        stopping.join();

        assertThat(removed).isGreaterThanOrEqualTo(grace.toMillis());
        assertThat(agent.registrarStatus().leaseState()).isEqualTo(LeaseState.REVOKED);
        assertThat(etcd.leaseTtl(lease)).isEqualTo(-1);
        Measured.report("stop: weight 0 after %d ms, keys removed after %d ms "
                + "(grace %d ms, TTL %d ms)", drained, removed, grace.toMillis(), TTL.toMillis());
    }

    @Test
    void v2StopRemovesTheServersAtOnce() throws Exception {
        writeServices(api("{url: 'http://127.0.0.1:9001'}"));
        AgentRuntime agent = startAgent(Layout.V2, Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(1)).pollInterval(POLL).until(() -> stored().equals(apiKeys(Map.of(
                server(9001) + "/url", "http://127.0.0.1:9001"))));

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(agent::stop);
        await().atMost(Duration.ofSeconds(1)).pollInterval(POLL).until(() -> stored().isEmpty());
        assertThat(stopping).isNotDone();
        stopping.join();
    }

    @Test
    void aCrashedAgentsKeysExpireWithinTheTtl() throws Exception {
        writeServices(api("{url: 'http://127.0.0.1:9001'}"));
        AgentRuntime agent = startAgent(Layout.V3, Duration.ZERO);
        await().atMost(Duration.ofSeconds(1)).pollInterval(POLL).until(() -> !stored().isEmpty());

        long start = System.nanoTime();
        agent.close();
        assertThat(stored()).isNotEmpty();
        await().atMost(TTL.plusSeconds(1)).pollInterval(POLL).until(() -> stored().isEmpty());
        Measured.report("crash: keys gone %d ms after the keep-alive stopped (TTL %d ms)",
                Measured.millisSince(start), TTL.toMillis());
    }

    @Test
    void healthFollowsTheStoreAndTheAgentSurvivesAnOutage() throws Exception {
        writeServices(api("{url: 'http://127.0.0.1:9001'}"));
        AgentRuntime agent = startAgent(Layout.V3, Duration.ZERO);
        await().atMost(Duration.ofSeconds(1)).pollInterval(POLL)
                .until(() -> AgentHttp.get(agent.healthAddress(), "/health").statusCode() == 200);

        ETCD.stop();
        try {
            await().atMost(Duration.ofSeconds(5)).pollInterval(POLL).untilAsserted(() -> {
                HttpResponse<String> health = AgentHttp.get(agent.healthAddress(), "/health");
                assertThat(health.statusCode()).isEqualTo(503);
                assertThat(health.body()).contains("\"healthy\" : false", "store etcd http://" + ETCD.endpoint()
                        + ": not answering", "\"docker\" : \"disabled\"");
            });
        } finally {
            ETCD.start();
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(POLL)
                .until(() -> AgentHttp.get(agent.healthAddress(), "/health").statusCode() == 200);
        EtcdReader fresh = new EtcdReader(ETCD);
        try {
            await().atMost(Duration.ofSeconds(3)).pollInterval(POLL).until(() -> fresh.under(prefix + "/")
                    .equals(apiKeys(Map.of(server(9001) + "/url", "http://127.0.0.1:9001",
                            server(9001) + "/weight", "1"))));
        } finally {
            fresh.close();
        }
        assertThat(AgentHttp.get(agent.healthAddress(), "/metrics").body())
                .contains("kvroute_agent_store_connected 1.0", "kvroute_agent_docker_connected 0.0");
    }
}
