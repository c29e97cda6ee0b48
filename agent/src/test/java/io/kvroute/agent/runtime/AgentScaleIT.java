package io.kvroute.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.agent.discovery.DefaultRule;
import io.kvroute.agent.registration.LeaseTiming;
import io.kvroute.kv.layout.Layout;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStores;
import io.kvroute.kv.testing.EtcdExtension;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many agents starting together against one real etcd, each with a services file of the same services (so every
 * service is shared by all of them): what the start-up costs the store (keys put, lists, bytes) and that the steady
 * state after it writes and reads nothing (the leases' keep-alives only), and each agent opens a watch stream per kind
 * of prefix once, not once per watched prefix. Generous bounds; the exact figures are
 * printed and measured by bench/scale on real processes.
 */
class AgentScaleIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    private static final int AGENTS = 20;
    private static final int SERVICES = 20;
    /** Per service: the router's rule and service (shared), and per agent one server's url and weight. */
    private static final int KEYS = SERVICES * 2 + AGENTS * SERVICES * 2;
    private static final Duration QUIET = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    private final List<AgentRuntime> agents = new ArrayList<>();
    private final List<KvStore> stores = new ArrayList<>();
    private final CountingKvStore.Counts counts = new CountingKvStore.Counts();

    @AfterEach
    void closeAll() {
        agents.forEach(AgentRuntime::close);
        stores.forEach(KvStore::close);
    }

    @Test
    void agentsStartingTogetherWriteEachKeyAboutOnceListABoundedNumberOfTimesAndThenOnlyKeepAlive() throws Exception {
        String prefix = "scale";
        EtcdReader etcd = new EtcdReader(ETCD);
        try {
            assertThat(etcd.under(prefix + "/")).isEmpty();
            List<AgentSettings> settings = new ArrayList<>();
            for (int agent = 0; agent < AGENTS; agent++) {
                settings.add(settings(prefix, agent));
            }
            EtcdMetrics before = EtcdMetrics.read(ETCD.endpoint());
            long started = System.nanoTime();
            for (AgentSettings agent : settings) {
                KvStore store = new CountingKvStore(KvStores.openForAgent(ETCD.settings()), counts);
                stores.add(store);
                agents.add(AgentRuntime.start(agent, store));
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> etcd.under(prefix + "/").size() == KEYS && agents.stream()
                            .allMatch(agent -> agent.registrarStatus().lastReconcile().isPresent()));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> settled(etcd));
            long startUpMillis = (System.nanoTime() - started) / 1_000_000;
            EtcdMetrics startUp = EtcdMetrics.read(ETCD.endpoint()).since(before);
            String startUpCounts = counts.toString();

            counts.reset();
            EtcdMetrics quietFrom = EtcdMetrics.read(ETCD.endpoint());
            Thread.sleep(QUIET.toMillis());
            EtcdMetrics quiet = EtcdMetrics.read(ETCD.endpoint()).since(quietFrom);
            String quietCounts = counts.toString();
            System.out.printf("%nSCALE %d agents x %d services, %d keys: start-up %d ms; agents made %s; %s%n"
                    + "SCALE then %d s quiet: agents made %s; %s%n", AGENTS, SERVICES, KEYS, startUpMillis,
                    startUpCounts, startUp, QUIET.toSeconds(), quietCounts, quiet);

            assertThat(startUp.puts()).as("keys put by etcd's count for %d keys", KEYS).isLessThanOrEqualTo(1.5 * KEYS);
            assertThat(startUpCounts).as("what the agents asked").isNotEmpty();
            assertThat(startUp.watchStreams()).as("etcd watch requests of %d agents starting, each watching the router"
                    + " and service of %d services (two kinds: one stream each, opened once per batch)", AGENTS, SERVICES)
                    .isLessThanOrEqualTo(3.0 * AGENTS);
            assertThat(counts.lists.sum() + counts.marks.sum() + counts.commits.sum())
                    .as("reads and writes of %d settled agents in %s: %s", AGENTS, QUIET, quietCounts).isZero();
            assertThat(quiet.puts()).as("keys put in the quiet phase").isZero();
            assertThat(quiet.ranges()).as("range requests in the quiet phase").isZero();
            assertThat(etcd.under(prefix + "/")).hasSize(KEYS);
        } finally {
            etcd.close();
        }
    }

    /** Every agent's last pass wrote nothing: it found the store as it wants it. */
    private boolean settled(EtcdReader etcd) {
        return etcd.under("scale/").size() == KEYS && agents.stream().allMatch(agent -> agent.registrarStatus()
                .lastReconcile().filter(outcome -> outcome.succeeded() && outcome.summary().equals("in sync"))
                .isPresent());
    }

    private AgentSettings settings(String prefix, int agent) throws Exception {
        StringBuilder yaml = new StringBuilder("services:\n");
        for (int service = 0; service < SERVICES; service++) {
            yaml.append("  - name: svc").append(service).append('\n')
                    .append("    rule: Host(`svc").append(service).append(".example.com`)\n")
                    .append("    servers:\n")
                    .append("      - url: http://127.0.0.1:").append(10_000 + agent).append('\n');
        }
        Path file = dir.resolve("services-" + agent + ".yml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        DiscoverySources sources = new DiscoverySources(Optional.empty(), Optional.of(file), false,
                DefaultRule.TRAEFIK);
        return new AgentSettings("node" + agent, new KeyDestination(Layout.V3, prefix, true), sources,
                LeaseTiming.DEFAULT, Duration.ZERO, new InetSocketAddress("127.0.0.1", 0));
    }
}
