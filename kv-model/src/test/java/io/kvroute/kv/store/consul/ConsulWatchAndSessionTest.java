package io.kvroute.kv.store.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.KvWatch;
import io.kvroute.kv.store.Lease;
import io.kvroute.kv.store.LeaseListener;
import io.kvroute.kv.store.RecordingWatchListener;
import io.kvroute.kv.testing.consul.ConsulEmulator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Consul-specific watch and session behaviour: index resets, TTL expiry, sessions destroyed behind our back. */
class ConsulWatchAndSessionTest {
    private ConsulEmulator consul;
    private ConsulKvStore store;

    @BeforeEach
    void start() {
        consul = ConsulEmulator.builder().sessionTtlMin(Duration.ofSeconds(1)).start();
        store = new ConsulKvStore(consul.settings(), Duration.ofSeconds(1));
    }

    @AfterEach
    void stop() {
        store.close();
        consul.close();
    }

    @Test
    void anIndexResetIsSignalledAndTheWatchKeepsWorking() {
        long revision = store.commit(KvTransaction.builder().put("r/a", "1").put("r/b", "2").build());
        RecordingWatchListener listener = new RecordingWatchListener();
        KvWatch watch = store.watch("r/", revision, listener);

        consul.resetIndex();
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.revisions().contains(2L));
        long afterReset = store.commit(KvTransaction.builder().put("r/c", "3").build());
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.revisions().contains(afterReset));
        watch.close();

        assertThat(revision).isGreaterThan(2L);
        assertThat(afterReset).isEqualTo(3L);
        assertThat(listener.revisions()).containsExactly(2L, 3L);
        assertThat(listener.ended()).isEmpty();
        assertThat(store.list("r/").pairs()).containsExactly(KvPair.of("r/a", "1"), KvPair.of("r/b", "2"),
                KvPair.of("r/c", "3"));
    }

    @Test
    void anExpiredSessionDeletesExactlyTheKeysItHeld() {
        // 3 s, not 1 s: on a loaded machine a 1 s session could expire between its grant and the commit.
        Lease lease = store.grantLease(Duration.ofSeconds(3), LeaseListener.IGNORE);
        store.commit(KvTransaction.builder()
                .put("s/own/1", "a", lease)
                .put("s/own/2", "b", lease)
                .put("s/shared", "c")
                .build());

        lease.abandon();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> store.list("s/").pairs().equals(List.of(KvPair.of("s/shared", "c"))));
        assertThat(consul.sessionIds()).isEmpty();
        assertThat(lease.remainingSeconds()).isEqualTo(-1);
    }

    @Test
    void renewalKeepsASessionAliveWellPastItsTtl() {
        Lease lease = store.grantLease(Duration.ofSeconds(1), LeaseListener.IGNORE);
        store.commit(KvTransaction.builder().put("k/alive", "yes", lease).build());

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> consul.sessionIds().contains(lease.id()));

        assertThat(store.list("k/").pairs()).containsExactly(KvPair.of("k/alive", "yes"));
        assertThat(lease.remainingSeconds()).isEqualTo(1L);
        lease.revoke();
    }

    @Test
    void aSessionDestroyedBehindOurBackIsReportedLostOnceAndItsKeysAreGone() {
        List<String> reasons = new CopyOnWriteArrayList<>();
        Lease lease = store.grantLease(Duration.ofSeconds(3), (lost, reason) -> reasons.add(reason));
        store.commit(KvTransaction.builder().put("l/own", "1", lease).build());

        consul.destroySession(lease.id());

        await().atMost(Duration.ofSeconds(5)).until(() -> !reasons.isEmpty());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> reasons.size() == 1);
        assertThat(reasons).containsExactly("session " + lease.id()
                + " not found on renewal: it expired or was destroyed");
        assertThat(store.list("l/").pairs()).isEmpty();
        assertThat(lease.remainingSeconds()).isEqualTo(-1);
        assertThatThrownBy(() -> store.commit(KvTransaction.builder().put("l/own", "2", lease).build()))
                .isInstanceOfSatisfying(KvStoreException.class,
                        e -> assertThat(e.kind()).isEqualTo(KvStoreException.Kind.NOT_FOUND));
    }

    @Test
    void aTtlBelowConsulsMinimumIsInvalid() {
        try (ConsulEmulator strict = ConsulEmulator.start();
                ConsulKvStore strictStore = new ConsulKvStore(strict.settings())) {
            assertThatThrownBy(() -> strictStore.grantLease(Duration.ofSeconds(5), LeaseListener.IGNORE))
                    .isInstanceOfSatisfying(KvStoreException.class, e -> {
                        assertThat(e.kind()).isEqualTo(KvStoreException.Kind.INVALID);
                        assertThat(e.getMessage()).startsWith("create session (TTL 5s): consul http://"
                                + strict.endpoint() + " answered HTTP 400: Invalid Session TTL");
                    });
        }
    }

    @Test
    void aZeroTtlIsRefusedBeforeAskingConsul() {
        assertThatThrownBy(() -> store.grantLease(Duration.ZERO, LeaseListener.IGNORE))
                .isInstanceOfSatisfying(KvStoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(KvStoreException.Kind.INVALID);
                    assertThat(e.getMessage()).isEqualTo("ttl: 0ms (expected: > 0)");
                });
        assertThat(consul.sessionIds()).isEmpty();
    }
}
