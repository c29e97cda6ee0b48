package io.kvroute.kv.store.consul;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStoreContractTest;
import io.kvroute.kv.testing.consul.RealConsulAgent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The {@link KvStoreContractTest} for {@link ConsulKvStore} against a real {@code consul agent -dev} started on free
 * loopback ports (with {@code session_ttl_min = "1s"}). Skipped, with a message saying so, when no {@code consul}
 * binary is on the PATH, as on the build machines; {@link ConsulKvStoreContractTest} runs the same contract against
 * the emulator everywhere.
 */
class RealConsulKvStoreContractIT extends KvStoreContractTest {
    private static RealConsulAgent agent;

    @BeforeAll
    static void startAgent() throws IOException, InterruptedException {
        Optional<Path> consul = RealConsulAgent.binary();
        assumeTrue(consul.isPresent(), "no consul binary on PATH: skipping the contract against a real Consul agent"
                + " (ConsulKvStoreContractTest runs it against the emulator)");
        agent = RealConsulAgent.start(consul.get(), Duration.ofSeconds(1));
    }

    @AfterAll
    static void stopAgent() {
        if (agent != null) {
            agent.close();
        }
    }

    @Override
    protected KvStore newStore() {
        return new ConsulKvStore(agent.settings());
    }

    /** Blocking queries answer with the whole prefix; the watch signals only that it changed. */
    @Override
    protected boolean watchesReportChanges() {
        return false;
    }

    /** Consul invalidates a session up to twice its TTL after the last renewal. */
    @Override
    protected Duration expirySlack() {
        return shortTtl().plusSeconds(2);
    }
}
