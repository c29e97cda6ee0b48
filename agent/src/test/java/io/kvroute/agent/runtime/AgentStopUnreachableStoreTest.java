package io.kvroute.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.agent.discovery.DefaultRule;
import io.kvroute.agent.registration.LeaseTiming;
import io.kvroute.kv.layout.Layout;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStores;
import io.kvroute.kv.store.StoreSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM of an agent whose etcd never answered (a closed port: the etcd client waits out every call's 5 s deadline)
 * ends within seconds, not after the TTL and the grace period, and its last line claims nothing it did not do.
 */
class AgentStopUnreachableStoreTest {
    /** Generous: the stop waits a few seconds for the store, then stops without the grace period. */
    private static final Duration STOP_BOUND = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void theStopOfAnAgentWhoseStoreNeverAnsweredIsBoundedAndSaysNothingWasWritten() throws Exception {
        Path services = dir.resolve("services.yml");
        Files.writeString(services, """
                services:
                  - name: api
                    rule: Host(`api.example.com`)
                    servers:
                      - url: http://10.0.0.1:8080
                """, StandardCharsets.UTF_8);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        DiscoverySources sources = new DiscoverySources(Optional.empty(), Optional.of(services), false,
                DefaultRule.TRAEFIK);
        AgentSettings settings = new AgentSettings("n1", new KeyDestination(Layout.V3, "traefik", true), sources,
                LeaseTiming.DEFAULT, Duration.ofSeconds(5), new InetSocketAddress("127.0.0.1", 0));
        try (KvStore store = KvStores.openForAgent(StoreSettings.etcd("127.0.0.1:" + closedPort));
                LogCapture log = new LogCapture(AgentRuntime.class)) {
            AgentRuntime agent = AgentRuntime.start(settings, store);
            Thread stopper = new Thread(agent::stop, "test-stop");

            stopper.start();

            await().atMost(STOP_BOUND).until(() -> !stopper.isAlive());
            assertThat(log.lines()).last().isEqualTo(
                    "INFO agent n1 stopped: the store never granted a lease, so no key of this agent was written");
            assertThat(log.lines()).noneMatch(line -> line.contains("deleted") || line.contains("revoked"));
        }
    }
}
