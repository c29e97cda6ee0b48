package io.kvroute.kv.store.consul;

import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStoreContractTest;
import io.kvroute.kv.testing.consul.ConsulEmulator;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The {@link KvStoreContractTest} for {@link ConsulKvStore} against the {@link ConsulEmulator} (a stub of Consul's
 * documented HTTP API, not Consul). The emulator runs like an agent configured with {@code session_ttl_min = "1s"}
 * so that the contract's 2 s leases are accepted; it keeps Consul's doubling of the TTL before invalidation.
 */
class ConsulKvStoreContractTest extends KvStoreContractTest {
    private static ConsulEmulator consul;

    @BeforeAll
    static void startEmulator() {
        consul = ConsulEmulator.builder().sessionTtlMin(Duration.ofSeconds(1)).start();
    }

    @AfterAll
    static void stopEmulator() {
        consul.close();
    }

    @Override
    protected KvStore newStore() {
        return new ConsulKvStore(consul.settings());
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
