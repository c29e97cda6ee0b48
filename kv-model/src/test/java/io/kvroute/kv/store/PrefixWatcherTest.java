package io.kvroute.kv.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.store.KvStoreException.Kind;
import io.kvroute.kv.store.memory.MemoryKvStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The read loop's failure handling, over the memory store with scripted failures. */
class PrefixWatcherTest {
    private static final Backoff FAST = new Backoff(Duration.ofMillis(10), Duration.ofMillis(50));

    private final MemoryKvStore memory = new MemoryKvStore();
    private final ScriptedKvStore store = new ScriptedKvStore(memory);
    private final RecordingPrefixListener listener = new RecordingPrefixListener();
    private PrefixWatcher watcher;

    @AfterEach
    void close() {
        if (watcher != null) {
            watcher.close();
        }
        store.close();
    }

    private void startAndAwaitFirstSnapshot() {
        watcher = PrefixWatcher.start(store, "p/", listener, FAST);
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.snapshots().size() == 1);
    }

    private long put(String key, String value) {
        return store.commit(KvTransaction.builder().put(key, value).build());
    }

    @Test
    void anOutageIsReportedOnceWithItsStartAndCauseAndRecoveryRelists() {
        startAndAwaitFirstSnapshot();
        Instant beforeOutage = Instant.now();
        KvStoreException down = new KvStoreException(Kind.UNAVAILABLE, "store down");
        store.failLists(down);
        store.endWatches(new KvStoreException(Kind.UNAVAILABLE, "stream broke"));

        await().atMost(Duration.ofSeconds(5)).until(() -> listener.statuses().size() == 2);
        long changeDuringOutage = put("p/a", "1");
        int listsSoFar = store.listCount();
        await().atMost(Duration.ofSeconds(5)).until(() -> store.listCount() >= listsSoFar + 3);
        store.succeedLists();

        await().atMost(Duration.ofSeconds(5)).until(() -> listener.statuses().size() == 3);
        List<StoreStatus> statuses = listener.statuses();
        assertThat(statuses.get(0)).isInstanceOf(StoreStatus.Available.class);
        assertThat(statuses.get(1)).isInstanceOfSatisfying(StoreStatus.Unavailable.class, unavailable -> {
            assertThat(unavailable.since()).isAfterOrEqualTo(beforeOutage);
            assertThat(unavailable.cause().getMessage()).isEqualTo("stream broke");
        });
        assertThat(statuses.get(2)).isInstanceOf(StoreStatus.Available.class);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> listener.latest().orElseThrow().revision() == changeDuringOutage);
        assertThat(listener.latestPairs()).containsExactly(KvPair.of("p/a", "1"));
    }

    @Test
    void aCompactedWatchIsReplacedAtOnceWithoutReportingAnOutageOrRedeliveringTheSameRevision() {
        startAndAwaitFirstSnapshot();

        store.endWatches(new KvStoreException(Kind.COMPACTED, "compacted"));
        await().atMost(Duration.ofSeconds(5)).until(() -> store.listCount() == 2);
        long change = put("p/a", "1");

        await().atMost(Duration.ofSeconds(5)).until(() -> listener.latest().orElseThrow().revision() == change);
        assertThat(listener.statuses()).singleElement().isInstanceOf(StoreStatus.Available.class);
        assertThat(listener.snapshots()).hasSize(2);
    }

    @Test
    void watchesThatKeepEndingAtOnceAreRetriedWithGrowingDelays() {
        store.endWatchesAtStart(new KvStoreException(Kind.UNAUTHORIZED, "watch refused"));
        long started = System.nanoTime();

        watcher = PrefixWatcher.start(store, "p/", listener, new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5)));
        await().atMost(Duration.ofSeconds(10)).until(() -> store.listCount() >= 4);

        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(100 + 200 + 400));
        assertThat(listener.snapshots()).hasSize(1);
    }

    @Test
    void aChangeAHungWatchDoesNotReportIsFoundByTheMarkAndDelivered() {
        store.hangWatches();
        startAndAwaitFirstSnapshot();

        put("p/unreported", "1");

        await().atMost(Duration.ofSeconds(10))
                .until(() -> listener.latestPairs().equals(List.of(KvPair.of("p/unreported", "1"))));
        assertThat(listener.statuses()).hasSize(1);
    }

    @Test
    void aFailingListenerDoesNotStopTheWatcher() {
        PrefixWatcher.Listener failing = new PrefixWatcher.Listener() {
            @Override
            public void snapshot(KvSnapshot snapshot) {
                listener.snapshot(snapshot);
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void status(StoreStatus status) {
                listener.status(status);
            }
        };
        watcher = PrefixWatcher.start(store, "p/", failing, FAST);
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.snapshots().size() == 1);

        long change = put("p/a", "1");

        await().atMost(Duration.ofSeconds(5)).until(() -> listener.latest().orElseThrow().revision() == change);
    }

    @Test
    void afterCloseNothingIsListedOrDelivered() {
        startAndAwaitFirstSnapshot();
        watcher.close();
        int lists = store.listCount();
        RecordingWatchListener witness = new RecordingWatchListener();
        KvWatch witnessWatch = memory.watch("p/", memory.list("p/").revision(), witness);
        long change = put("p/a", "1");
        await().atMost(Duration.ofSeconds(5)).until(() -> witness.newestRevision() == change);
        witnessWatch.close();

        assertThat(store.listCount()).isEqualTo(lists);
        assertThat(listener.snapshots()).hasSize(1);
    }
}
