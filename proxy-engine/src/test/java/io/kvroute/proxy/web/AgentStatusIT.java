package io.kvroute.proxy.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.LeaseOption;
import io.kvroute.agent.discovery.DefaultRule;
import io.kvroute.agent.registration.LeaseTiming;
import io.kvroute.agent.runtime.AgentRuntime;
import io.kvroute.agent.runtime.AgentSettings;
import io.kvroute.agent.runtime.DiscoverySources;
import io.kvroute.agent.runtime.KeyDestination;
import io.kvroute.kv.layout.Layout;
import io.kvroute.kv.layout.keys.AgentStatusKeys;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStores;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.runtime.ProxyRuntime;
import io.kvroute.proxy.runtime.ProxySettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent's status key over a real etcd, a real agent with a services file and a proxy with its dashboard state:
 * the key is on the agent's lease with that lease's TTL, written again only when what it says changes (not by the
 * periodic passes that find the store in sync); the proxy
 * shows the agent's version, lease TTL and a broken services file as a problem named after the agent until the file
 * is fixed; a lease that ends takes the status with it; a status key that is not JSON is one problem line; an agent
 * of another layout than the proxy's is a problem.
 */
class AgentStatusIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TTL = Duration.ofSeconds(2);
    /** Short, so that the test sees the agent's periodic passes that find nothing to change. */
    private static final Duration RECONCILE_INTERVAL = Duration.ofMillis(300);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private String node;
    private Path servicesFile;
    private Client etcd;
    private KvStore proxyStore;
    private KvStore agentStore;
    private ProxyRuntime runtime;
    private WebServer web;
    private AgentRuntime agent;

    @BeforeEach
    void start() {
        node = "n" + UUID.randomUUID().toString().substring(0, 8);
        servicesFile = dir.resolve("services.yml");
        etcd = Client.builder().endpoints("http://" + ETCD.endpoint()).build();
        proxyStore = KvStores.open(ETCD.settings());
        agentStore = KvStores.openForAgent(ETCD.settings().withRequestTimeout(Duration.ofSeconds(1)));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        runtime = ProxyRuntime.start(proxyStore, ProxySettings.of("traefik", Map.of(
                "web", new InetSocketAddress("127.0.0.1", 0))), registry);
        web = WebServer.start(WebOptions.open(new InetSocketAddress("127.0.0.1", 0)), runtime, registry);
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        web.close();
        runtime.close();
        agentStore.close();
        proxyStore.close();
        etcd.close();
    }

    @Test
    void theStatusKeyLivesOnTheAgentsLeaseAndShowsItsProblemsOnTheProxyUntilFixed() throws Exception {
        writeServices("http://127.0.0.1:9001");
        agent = AgentRuntime.start(new AgentSettings(node, new KeyDestination(Layout.V3, "traefik", true),
                new DiscoverySources(Optional.empty(), Optional.of(servicesFile), false, DefaultRule.TRAEFIK),
                new LeaseTiming(TTL, RECONCILE_INTERVAL), Duration.ZERO,
                new InetSocketAddress("127.0.0.1", 0)), agentStore);

        await().atMost(Duration.ofSeconds(10)).until(() -> statusKey().isPresent());
        KeyValue written = statusKey().orElseThrow();
        String leaseId = agent.registrarStatus().leaseId().orElseThrow();
        assertThat(Long.toHexString(written.getLease())).as("the key's lease").isEqualTo(leaseId);
        assertThat(etcd.getLeaseClient().timeToLive(written.getLease(), LeaseOption.DEFAULT).get(5, TimeUnit.SECONDS)
                .getGrantedTTL()).isEqualTo(TTL.toSeconds());
        JsonNode status = JSON.readTree(written.getValue().toString(StandardCharsets.UTF_8));
        assertThat(status.path("node").asText()).isEqualTo(node);
        assertThat(status.path("leaseTtlSeconds").asLong()).isEqualTo(TTL.toSeconds());
        assertThat(status.path("leaseId").asText()).isEqualTo(leaseId);
        assertThat(status.path("keys").asInt()).as("router rule, service, the server's url and weight").isEqualTo(4);
        assertThat(status.path("layout").asText()).isEqualTo("v3");
        assertThat(status.path("problems")).isEmpty();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode shown = agentShown().orElseThrow();
            assertThat(shown.path("leaseTtlSeconds").asLong()).isEqualTo(TTL.toSeconds());
            assertThat(shown.path("leaseId").asText()).isEqualTo(leaseId);
            assertThat(shown.path("version").asText()).isNotEmpty();
            assertThat(shown.path("problems")).isEmpty();
        });

        Instant passesFrom = Instant.now().plus(RECONCILE_INTERVAL.multipliedBy(3));
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.registrarStatus().lastReconcile()
                .filter(pass -> pass.succeeded() && pass.at().isAfter(passesFrom)).isPresent());
        assertThat(statusKey().orElseThrow().getModRevision()).as("passes that changed nothing: the key not put again")
                .isEqualTo(written.getModRevision());

        writeServices("ftp://127.0.0.1:9001");
        await().atMost(Duration.ofSeconds(10)).until(() -> !agentProblems().isEmpty());
        JsonNode problem = agentProblems().get(0);
        assertThat(problem.path("severity").asText()).isEqualTo("error");
        assertThat(problem.path("key").asText()).isEqualTo(servicesFile + ":5");
        assertThat(problem.path("reason").asText()).startsWith("agent " + node + ": services[0].servers[0].url: "
                + "\"ftp://127.0.0.1:9001\" (expected: an absolute http or https URL")
                .endsWith("; the last good services stay registered");
        assertThat(agentShown().orElseThrow().path("problems")).singleElement()
                .satisfies(shown -> assertThat(shown.path("where").asText()).isEqualTo(servicesFile + ":5"));

        writeServices("http://127.0.0.1:9002");
        await().atMost(Duration.ofSeconds(10)).until(() -> agentProblems().isEmpty()
                && agentShown().map(shown -> shown.path("problems").isEmpty()).orElse(false));

        agent.close();
        await().atMost(TTL.multipliedBy(5)).until(() -> statusKey().isEmpty() && agentShown().isEmpty());
    }

    /**
     * An agent of the v2 layout says so in its status key; a proxy of the v3 layout (which reads its rules without
     * ruleSyntax as v3 rules) reports it as a problem on that key and on the agent in the dashboard state.
     */
    @Test
    void aProxyReportsAnAgentOfAnotherLayout() throws Exception {
        writeServices("http://127.0.0.1:9001");
        agent = AgentRuntime.start(new AgentSettings(node, new KeyDestination(Layout.V2, "traefik", true),
                new DiscoverySources(Optional.empty(), Optional.of(servicesFile), false, DefaultRule.TRAEFIK),
                new LeaseTiming(TTL, RECONCILE_INTERVAL), Duration.ZERO,
                new InetSocketAddress("127.0.0.1", 0)), agentStore);
        String key = AgentStatusKeys.key(node);

        await().atMost(Duration.ofSeconds(10)).until(() -> problemsOf(key).size() == 1);
        assertThat(JSON.readTree(statusKey().orElseThrow().getValue().toString(StandardCharsets.UTF_8))
                .path("layout").asText()).isEqualTo("v2");
        JsonNode problem = problemsOf(key).get(0);
        assertThat(problem.path("value").asText()).isEqualTo("v2");
        assertThat(problem.path("reason").asText()).isEqualTo("agent " + node + ": writes the v2 layout (its rules "
                + "without ruleSyntax in Traefik v2 syntax) but this proxy reads --layout=v3: such rules are refused "
                + "or match other requests here (expected: the same --layout on agents and proxies)");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode shown = agentShown().orElseThrow();
            assertThat(shown.path("layout").asText()).isEqualTo("v2");
            assertThat(shown.path("problems")).singleElement().satisfies(mismatch -> {
                assertThat(mismatch.path("where").asText()).isEqualTo(key);
                assertThat(mismatch.path("reason").asText()).startsWith("writes the v2 layout");
            });
        });

        agent.close();
        await().atMost(TTL.multipliedBy(5)).until(() -> problemsOf(key).isEmpty());
    }

    /**
     * An older agent's status key has no layout: the proxy shows the layout as unknown, and reports no mismatch.
     */
    @Test
    void anOlderAgentsStatusWithoutLayoutShowsAnUnknownLayoutAndNoMismatch() throws Exception {
        String key = AgentStatusKeys.key(node);
        etcd.getKVClient().put(bytes(key), bytes("{\"node\":\"" + node + "\",\"version\":\"0.9.0\","
                + "\"leaseTtlSeconds\":15,\"leaseId\":\"694d\",\"keys\":3,\"problems\":[],"
                + "\"writtenAt\":\"2026-01-01T00:00:00Z\"}")).get(5, TimeUnit.SECONDS);
        try {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonNode shown = agentShown().orElseThrow();
                assertThat(shown.path("version").asText()).isEqualTo("0.9.0");
                assertThat(shown.path("layout").asText()).isEqualTo("unknown");
                assertThat(shown.path("problems")).isEmpty();
            });
            assertThat(problemsOf(key)).as("no layout mismatch").isEmpty();
        } finally {
            etcd.getKVClient().delete(bytes(key)).get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aStatusKeyThatIsNotJsonIsOneProblemLine() throws Exception {
        String key = AgentStatusKeys.key(node);
        etcd.getKVClient().put(bytes(key), bytes("status: fine")).get(5, TimeUnit.SECONDS);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> problemsOf(key).size() == 1);
            JsonNode problem = problemsOf(key).get(0);
            assertThat(problem.path("value").asText()).isEqualTo("status: fine");
            assertThat(problem.path("reason").asText()).startsWith("agent " + node + "'s status: not JSON (")
                    .endsWith("; expected: an agent status object)");
            assertThat(agentShown()).as("no status, no agent").isEmpty();
        } finally {
            etcd.getKVClient().delete(bytes(key)).get(5, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> problemsOf(key).isEmpty());
    }

    /** A services file of one service {@code api} with one server at {@code url}, written in one move. */
    private void writeServices(String url) throws Exception {
        Path temporary = dir.resolve("services.yml.tmp");
        Files.writeString(temporary, """
                services:
                  - name: api
                    rule: Host(`api.example.com`)
                    servers:
                      - url: %s
                """.formatted(url), StandardCharsets.UTF_8);
        Files.move(temporary, servicesFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private Optional<KeyValue> statusKey() throws Exception {
        List<KeyValue> found = etcd.getKVClient().get(bytes(AgentStatusKeys.key(node))).get(5, TimeUnit.SECONDS)
                .getKvs();
        return found.stream().findFirst();
    }

    /** This test's agent in the dashboard state, when listed with a status. */
    private Optional<JsonNode> agentShown() throws Exception {
        return StreamSupport.stream(state().path("agents").spliterator(), false)
                .filter(agent -> agent.path("node").asText().equals(node) && agent.has("leaseTtlSeconds"))
                .findFirst();
    }

    /** The dashboard state's problems naming this test's agent. */
    private List<JsonNode> agentProblems() throws Exception {
        return StreamSupport.stream(state().path("problems").spliterator(), false)
                .filter(problem -> problem.path("reason").asText().startsWith("agent " + node + ": ")).toList();
    }

    private List<JsonNode> problemsOf(String key) throws Exception {
        return StreamSupport.stream(state().path("problems").spliterator(), false)
                .filter(problem -> problem.path("key").asText().equals(key)).toList();
    }

    private JsonNode state() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + web.address().getPort() + "/api/kvroute/state")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }
}
