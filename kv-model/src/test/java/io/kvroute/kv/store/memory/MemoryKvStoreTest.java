package io.kvroute.kv.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStoreContractTest;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.Lease;
import io.kvroute.kv.store.LeaseListener;
import io.kvroute.kv.store.RecordingWatchListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class MemoryKvStoreTest extends KvStoreContractTest {

    @Override
    protected KvStore newStore() {
        return new MemoryKvStore();
    }

    private MemoryKvStore memory() {
        return (MemoryKvStore) store;
    }

    @Test
    void describesItselfAsTheMemoryProvider() {
        assertThat(store.describe()).isEqualTo("memory");
        assertThat(store.provider()).isEqualTo("memory");
    }

    @Test
    void revisionsStartAtOneAndOnlyChangesRaiseThem() {
        assertThat(store.list("").revision()).isEqualTo(1);

        long afterPut = commit(KvTransaction.builder().put("a", "1").build());
        long afterNoop = commit(KvTransaction.builder().delete("missing").build());

        assertThat(afterPut).isEqualTo(2);
        assertThat(afterNoop).isEqualTo(2);
    }

    @Test
    void aWatchFromACompactedRevisionEndsWithCompacted() {
        long first = commit(KvTransaction.builder().put(prefix + "a", "1").build());
        long second = commit(KvTransaction.builder().put(prefix + "a", "2").build());
        memory().compact(second);
        RecordingWatchListener compacted = new RecordingWatchListener();
        RecordingWatchListener current = new RecordingWatchListener();

        track(store.watch(prefix, first - 1, compacted));
        track(store.watch(prefix, second - 1, current));

        await().atMost(Duration.ofSeconds(5)).until(() -> compacted.ended().isPresent());
        assertThat(compacted.ended().orElseThrow().kind()).isEqualTo(KvStoreException.Kind.COMPACTED);
        assertThat(compacted.endCount()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> current.newestRevision() == second);
        assertThat(current.ended()).isEmpty();
    }

    @Test
    void compactingBeyondTheCurrentRevisionIsInvalid() {
        assertThatThrownBy(() -> memory().compact(99))
                .isInstanceOfSatisfying(KvStoreException.class,
                        e -> assertThat(e.kind()).isEqualTo(KvStoreException.Kind.INVALID))
                .hasMessage("compact revision: 99 (expected: <= the store's revision 1)");
    }

    @Test
    void aLostKeepAliveExpiresTheLeaseAfterItsTtlAndTellsTheOwnerOnce() {
        List<String> reasons = new CopyOnWriteArrayList<>();
        Lease lease = store.grantLease(Duration.ofMillis(300), (lost, reason) -> reasons.add(reason));
        commit(KvTransaction.builder().put(prefix + "a", "1", lease).build());

        memory().loseKeepAlive(lease);

        await().atMost(Duration.ofSeconds(5)).until(() -> reasons.size() == 1);
        assertThat(store.list(prefix).pairs()).isEmpty();
        assertThat(reasons).containsExactly("memory store: lease " + lease.id()
                + " expired after its TTL of PT0.3S without keep-alive");
        assertThat(lease.remainingSeconds()).isEqualTo(-1);
    }

    @Test
    void aForcedExpiryDeletesTheKeysAtOnceAndTellsTheOwner() {
        List<String> reasons = new CopyOnWriteArrayList<>();
        Lease lease = store.grantLease(Duration.ofSeconds(30), (lost, reason) -> reasons.add(reason));
        commit(KvTransaction.builder().put(prefix + "a", "1", lease).put(prefix + "b", "2").build());

        memory().expire(lease);

        assertThat(store.list(prefix).pairs()).containsExactly(KvPair.of(prefix + "b", "2"));
        await().atMost(Duration.ofSeconds(5)).until(() -> reasons.size() == 1);
    }

    @Test
    void anAbandonedLeaseExpiresWithoutTellingTheOwner() {
        List<String> reasons = new CopyOnWriteArrayList<>();
        Lease lease = store.grantLease(Duration.ofMillis(200), (lost, reason) -> reasons.add(reason));
        commit(KvTransaction.builder().put(prefix + "a", "1", lease).build());
        RecordingWatchListener watch = new RecordingWatchListener();
        track(store.watch(prefix, store.list(prefix).revision(), watch));

        lease.abandon();

        await().atMost(Duration.ofSeconds(5)).until(() -> watch.newestRevision() > 0);
        assertThat(store.list(prefix).pairs()).isEmpty();
        assertThat(reasons).isEmpty();
    }

    @Test
    void aLeaseOfAnotherStoreIsNotFound() {
        try (MemoryKvStore other = new MemoryKvStore()) {
            Lease foreign = other.grantLease(Duration.ofSeconds(5), LeaseListener.IGNORE);

            assertThatThrownBy(() -> commit(KvTransaction.builder().put(prefix + "a", "1", foreign).build()))
                    .isInstanceOfSatisfying(KvStoreException.class,
                            e -> assertThat(e.kind()).isEqualTo(KvStoreException.Kind.NOT_FOUND))
                    .hasMessageContaining("\"" + prefix + "a\" names lease " + foreign.id());
        }
    }

    @Test
    void aZeroTtlIsInvalid() {
        assertThatThrownBy(() -> store.grantLease(Duration.ZERO, LeaseListener.IGNORE))
                .isInstanceOfSatisfying(KvStoreException.class,
                        e -> assertThat(e.kind()).isEqualTo(KvStoreException.Kind.INVALID))
                .hasMessage("ttl: 0ms (expected: > 0)");
    }

    @Test
    void aClosedStoreRefusesCallsAsCancelled() {
        MemoryKvStore closed = new MemoryKvStore();
        closed.close();

        assertThatThrownBy(() -> closed.list(prefix))
                .isInstanceOfSatisfying(KvStoreException.class,
                        e -> assertThat(e.kind()).isEqualTo(KvStoreException.Kind.CANCELLED))
                .hasMessage("memory store is closed");
    }
}
