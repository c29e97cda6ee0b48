package io.kvroute.agent.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.Lease;
import io.kvroute.kv.store.LeaseListener;
import io.kvroute.kv.store.memory.MemoryKvStore;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A put-if-absent of this registrar is in the view until the store says how it ended: a pass that runs before the
 * key's watch event must not find the key missing and put it again (two reported corrections for one missing key).
 */
class StoreViewTest {
    private static final String PREFIX = "traefik/http/routers/app/";
    private static final String RULE = PREFIX + "rule";

    private final MemoryKvStore store = new MemoryKvStore();
    private final AtomicInteger signals = new AtomicInteger();
    private final StoreView view = new StoreView(store, signals::incrementAndGet);
    private final Lease lease = store.grantLease(Duration.ofSeconds(10), LeaseListener.IGNORE);

    @AfterEach
    void close() {
        view.close();
        store.close();
    }

    @Test
    void aPutIfAbsentIsShownBeforeTheWatchTellsHowItEnded() {
        cover();
        KvTransaction reassert = KvTransaction.builder().putIfAbsent(RULE, "Host(`a`)", lease).build();

        view.wrote(reassert, store.list(PREFIX).revision() + 1);

        assertThat(view.pairs()).containsEntry(RULE, "Host(`a`)");
    }

    @Test
    void anotherAgentsEarlierPutWinsOverTheShownPutIfAbsent() {
        cover();
        long before = store.list(PREFIX).revision();
        store.commit(KvTransaction.builder().put(RULE, "Host(`theirs`)").build());
        view.wrote(KvTransaction.builder().putIfAbsent(RULE, "Host(`a`)", lease).build(), before + 2);

        await().atMost(Duration.ofSeconds(5)).until(() -> signals.get() > 0);
        cover();

        assertThat(view.pairs()).containsEntry(RULE, "Host(`theirs`)");
    }

    @Test
    void aDeleteAfterThePutIfAbsentRemovesIt() {
        cover();
        KvTransaction reassert = KvTransaction.builder().putIfAbsent(RULE, "Host(`a`)", lease).build();
        view.wrote(reassert, store.commit(reassert));
        store.commit(KvTransaction.builder().delete(RULE).build());

        await().atMost(Duration.ofSeconds(5)).until(() -> signals.get() > 0);
        cover();

        assertThat(view.pairs()).doesNotContainKey(RULE);
    }

    @Test
    void aPrefixNoLongerHeldForgetsItsPendingPutIfAbsent() {
        cover();
        view.wrote(KvTransaction.builder().putIfAbsent(RULE, "Host(`a`)", lease).build(),
                store.list(PREFIX).revision() + 1);

        view.cover(Set.of(), Map.of(), store::list);

        assertThat(view.pairs()).isEmpty();
    }

    private void cover() {
        view.cover(Set.of(PREFIX), Map.of(), store::list);
    }
}
