package io.kvroute.kv.store.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.etcd.jetcd.Client;
import io.kvroute.kv.store.Backoff;
import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.Lease;
import io.kvroute.kv.store.PrefixWatcher;
import io.kvroute.kv.store.RecordingPrefixListener;
import io.kvroute.kv.store.StoreStatus;
import io.kvroute.kv.testing.EtcdExtension;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** How the etcd adapter and the PrefixWatcher live through etcd being stopped, restarted or frozen. */
class EtcdOutageIT {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);

    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();

    private KvStore store;
    private String prefix;

    @BeforeEach
    void pickPrefix() {
        prefix = "kvroute-outage/" + UUID.randomUUID().toString().substring(0, 8) + "/";
    }

    /** Opens the store under test: each test is run for both adapters. */
    private void open(EtcdAdapter adapter) {
        store = adapter.open(etcd.settings().withRequestTimeout(REQUEST_TIMEOUT));
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private long put(String key, String value) {
        return store.commit(KvTransaction.builder().put(key, value).build());
    }

    @ParameterizedTest
    @EnumSource(EtcdAdapter.class)
    void aCallWhileEtcdIsStoppedFailsWithinTheRequestTimeout(EtcdAdapter adapter) {
        open(adapter);
        put(prefix + "a", "1");
        etcd.stop();

        assertTimeoutPreemptively(REQUEST_TIMEOUT.plusSeconds(2), () ->
                assertThatThrownBy(() -> store.list(prefix))
                        .isInstanceOfSatisfying(KvStoreException.class, e -> assertThat(e.kind())
                                .isIn(KvStoreException.Kind.UNAVAILABLE, KvStoreException.Kind.TIMEOUT))
                        .hasMessageStartingWith(store.describe() + ": list \"" + prefix + "\""));
    }

    /**
     * The jetcd adapter (the proxy's and the one-shot {@code kv} commands') on a single etcd that restarts while a call
     * is made: with no other member to send it to, the call waits for etcd within its deadline instead of failing at
     * the first refused connection.
     */
    @Test
    void aCallMadeWhileTheOnlyEtcdRestartsIsAnsweredWithinItsTimeout() throws InterruptedException {
        store = EtcdAdapter.JETCD.open(etcd.settings().withRequestTimeout(Duration.ofSeconds(15)));
        put(prefix + "a", "1");
        etcd.stop();
        Thread restart = new Thread(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            etcd.start();
        }, "etcd-restart");
        restart.start();
        try {
            long asked = System.nanoTime();
            assertThat(store.list(prefix).pairs()).containsExactly(KvPair.of(prefix + "a", "1"));
            System.out.printf("EtcdOutageIT: a list made while etcd restarted was answered in %d ms%n",
                    (System.nanoTime() - asked) / 1_000_000);
        } finally {
            restart.join();
        }
    }

    @ParameterizedTest
    @EnumSource(EtcdAdapter.class)
    void prefixWatcherResumesAfterARestartWithoutLosingAChange(EtcdAdapter adapter) {
        open(adapter);
        RecordingPrefixListener listener = new RecordingPrefixListener();
        PrefixWatcher watcher = PrefixWatcher.start(store, prefix, listener,
                new Backoff(Duration.ofMillis(100), Duration.ofMillis(500)));
        try {
            put(prefix + "before-stop", "1");
            await().atMost(Duration.ofSeconds(5)).until(() -> listener.latestPairs().size() == 1);

            etcd.stop();
            await().atMost(Duration.ofSeconds(10)).until(() -> listener.status().orElseThrow() instanceof StoreStatus.Unavailable);
            etcd.start();
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> put(prefix + "after-restart", "2") > 0);

            await().atMost(Duration.ofSeconds(10)).until(() -> listener.latestPairs().size() == 2);
            assertThat(listener.latestPairs()).containsExactly(
                    KvPair.of(prefix + "after-restart", "2"), KvPair.of(prefix + "before-stop", "1"));
            await().atMost(Duration.ofSeconds(5)).until(() -> listener.status().orElseThrow() instanceof StoreStatus.Available);
        } finally {
            watcher.close();
        }
    }

    @ParameterizedTest
    @EnumSource(EtcdAdapter.class)
    void aLeaseSurvivesAFreezeShorterThanItsTtl(EtcdAdapter adapter) throws InterruptedException {
        open(adapter);
        List<String> losses = new CopyOnWriteArrayList<>();
        Duration ttl = Duration.ofSeconds(5);
        Lease lease = store.grantLease(ttl, (lost, reason) -> losses.add(reason));
        store.commit(KvTransaction.builder().put(prefix + "owned", "1", lease).build());

        etcd.pauseFor(Duration.ofSeconds(2));

        Duration pastTtl = ttl.plusSeconds(1);
        await().during(pastTtl).atMost(pastTtl.plusSeconds(5)).ignoreExceptions()
                .until(() -> store.list(prefix).pairs().equals(List.of(KvPair.of(prefix + "owned", "1"))));
        assertThat(losses).isEmpty();
        lease.revoke();
    }

    @ParameterizedTest
    @EnumSource(EtcdAdapter.class)
    void leaseLostFiresOnceWhenAFreezeOutlivedTheTtl(EtcdAdapter adapter) throws InterruptedException {
        open(adapter);
        List<String> losses = new CopyOnWriteArrayList<>();
        Lease lease = store.grantLease(Duration.ofSeconds(2), (lost, reason) -> losses.add(reason));
        store.commit(KvTransaction.builder().put(prefix + "owned", "1", lease).build());

        etcd.pauseFor(Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(10)).until(() -> !losses.isEmpty());
        assertThat(losses).singleElement().asString()
                .startsWith(store.describe() + ": etcd says lease " + lease.id() + " no longer exists");
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> store.list(prefix).pairs().isEmpty());
        assertThat(lease.remainingSeconds()).isNegative();
    }

    @ParameterizedTest
    @EnumSource(EtcdAdapter.class)
    void aLeaseWhoseKeepAliveJetcdDroppedDuringAnOutageLongerThanItsTtlIsReArmedAfterTheRestart(EtcdAdapter adapter)
            throws InterruptedException {
        open(adapter);
        List<String> losses = new CopyOnWriteArrayList<>();
        Duration ttl = Duration.ofSeconds(2);
        Lease lease = store.grantLease(ttl, (lost, reason) -> losses.add(reason));
        store.commit(KvTransaction.builder().put(prefix + "owned", "1", lease).build());

        etcd.stopFor(ttl.plusSeconds(2));

        Duration pastTwiceTtl = ttl.multipliedBy(2).plusSeconds(2);
        await().during(pastTwiceTtl).atMost(pastTwiceTtl.plusSeconds(5)).ignoreExceptions()
                .until(() -> store.list(prefix).pairs().equals(List.of(KvPair.of(prefix + "owned", "1"))));
        assertThat(losses).isEmpty();
        lease.revoke();
    }

    @ParameterizedTest
    @EnumSource(EtcdAdapter.class)
    void aLeaseRevokedBehindItsOwnersBackIsReportedLost(EtcdAdapter adapter) throws Exception {
        open(adapter);
        List<String> losses = new CopyOnWriteArrayList<>();
        Lease lease = store.grantLease(Duration.ofSeconds(5), (lost, reason) -> losses.add(reason));
        try (Client other = Client.builder().endpoints("http://" + etcd.endpoint()).build()) {
            other.getLeaseClient().revoke(Long.parseUnsignedLong(lease.id(), 16)).get(5, TimeUnit.SECONDS);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> losses.size() == 1);
        assertThat(lease.remainingSeconds()).isNegative();
    }
}
