package io.kvroute.agent.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.store.DelegatingKvStore;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.KvWatch;
import io.kvroute.kv.store.WatchListener;
import io.kvroute.kv.store.WatchRequest;
import io.kvroute.kv.store.memory.MemoryKvStore;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The prefixes a pass adds are watched in one batch ({@link KvStore#watchAll}), so that etcd's gateway adapter opens
 * each of its streams once per pass instead of once per prefix (forty reopens for twenty services at start-up).
 */
class StoreViewWatchesTest {
    private final BatchRecordingStore store = new BatchRecordingStore(new MemoryKvStore());
    private final StoreView view = new StoreView(store, () -> { });

    @AfterEach
    void close() {
        view.close();
        store.close();
    }

    @Test
    void thePrefixesOfAPassAreWatchedInOneBatchAndAPrefixAddedLaterInAnother() {
        Set<String> prefixes = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            prefixes.add("traefik/http/routers/shared" + i + "/");
            prefixes.add("traefik/http/services/shared" + i + "/");
        }

        view.cover(prefixes, Map.of(), store::list);
        prefixes.add("traefik/http/services/shared20/");
        view.cover(prefixes, Map.of(), store::list);
        store.commit(KvTransaction.builder().put("traefik/http/services/shared20/loadBalancer/servers/0/url", "u")
                .put("traefik/http/routers/shared3/rule", "Host(`a`)").build());

        assertThat(store.batches).containsExactly(40, 1);
        assertThat(store.singleWatches).isEmpty();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(view.pairs()).containsOnlyKeys(
                "traefik/http/services/shared20/loadBalancer/servers/0/url", "traefik/http/routers/shared3/rule"));
    }

    @Test
    void aBatchTheStoreRefusesLeavesNoneOfItsPrefixesHeld() {
        store.refusal = Optional.of(new KvStoreException(KvStoreException.Kind.UNAVAILABLE, "watch refused"));

        assertThatThrownBy(() -> view.cover(Set.of("traefik/http/routers/a/", "traefik/http/services/a/"), Map.of(),
                store::list)).hasMessage("watch refused");

        assertThat(view.prefixes()).isEmpty();
        store.refusal = Optional.empty();
        view.cover(Set.of("traefik/http/routers/a/", "traefik/http/services/a/"), Map.of(), store::list);
        assertThat(view.prefixes()).containsExactlyInAnyOrder("traefik/http/routers/a/", "traefik/http/services/a/");
    }

    /** The memory store, recording the size of each batch of watches and every single watch. */
    private static final class BatchRecordingStore extends DelegatingKvStore {
        private final List<Integer> batches = new CopyOnWriteArrayList<>();
        private final List<String> singleWatches = new CopyOnWriteArrayList<>();
        private volatile Optional<KvStoreException> refusal = Optional.empty();

        BatchRecordingStore(KvStore delegate) {
            super(delegate);
        }

        @Override
        public KvWatch watch(String prefix, long afterRevision, WatchListener listener) {
            singleWatches.add(prefix);
            return super.watch(prefix, afterRevision, listener);
        }

        @Override
        public List<KvWatch> watchAll(List<WatchRequest> requests) {
            refusal.ifPresent(e -> {
                throw e;
            });
            batches.add(requests.size());
            return delegate().watchAll(requests);
        }

        @Override
        public String describe() {
            return "recording " + super.describe();
        }
    }
}
