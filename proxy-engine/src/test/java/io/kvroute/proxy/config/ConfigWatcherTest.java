package io.kvroute.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.kv.model.Router;
import io.kvroute.kv.rule.RuleSyntax;
import io.kvroute.kv.store.DelegatingKvStore;
import io.kvroute.kv.store.KvSnapshot;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.StoreStatus;
import io.kvroute.kv.store.memory.MemoryKvStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How a change to one root is delivered while the other root, lagging behind it, is read again: the change first,
 * stamped with the lagging root's revision, then the same configuration with the newer stamp once that read returns.
 * Over the memory store (its watches report the changes, as etcd's do), with the v1 root's lists held on demand.
 */
class ConfigWatcherTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final MemoryKvStore memory = new MemoryKvStore();
    private final HeldV1Lists store = new HeldV1Lists(memory);
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final AtomicBoolean throwOnce = new AtomicBoolean();
    private ConfigWatcher watcher;
    private long loaded;

    @BeforeEach
    void start() {
        loaded = put("traefik/http/routers/site/rule", "Host(`a.test`)");
        watcher = ConfigWatcher.start(store, "traefik", RuleSyntax.V3, new ConfigWatcher.Listener() {
            @Override
            public void configChanged(DecodedConfig config, ConfigStamp stamp) {
                deliveries.add(new Delivery(config, stamp));
                if (throwOnce.compareAndSet(true, false)) {
                    throw new IllegalStateException("a listener failing on a delivery it was given");
                }
            }

            @Override
            public void storeStatusChanged(StoreStatus status, String storeName) {
            }
        });
        await().atMost(WAIT).until(() -> !deliveries.isEmpty() && latest().stamp().revision() == loaded);
    }

    @AfterEach
    void close() {
        store.answer();
        watcher.close();
        memory.close();
    }

    @Test
    void aChangeIsDeliveredBeforeTheLaggingRootIsReadAgainThenTheSameConfigurationWithTheNewerStamp() {
        store.hold();

        long change = put("traefik/http/routers/site/rule", "Host(`b.test`)");

        await().atMost(WAIT).until(() -> rule(latest()).equals("Host(`b.test`)"));
        await().atMost(WAIT).until(() -> store.held() == 1);
        Delivery first = latest();
        assertThat(first.stamp().revision()).as("the v1 root's revision, as last read").isEqualTo(loaded);
        store.answer();
        await().atMost(WAIT).until(() -> latest().stamp().revision() == change);
        assertThat(latest().config()).as("nothing else changed up to the newer revision").isSameAs(first.config());
        assertThat(deliveries).hasSize(3);
    }

    @Test
    void theOtherRootsChangesAreDeliveredWhileTheLaggingRootIsReadAgain() {
        store.hold();
        put("traefik/http/routers/site/rule", "Host(`b.test`)");
        await().atMost(WAIT).until(() -> store.held() == 1);
        Delivery first = latest();

        long v1Change = put("/traefik/frontends/legacy/backend", "app");

        await().atMost(WAIT).until(() -> latest().config() != first.config());
        assertThat(store.held()).as("the dynamic root's re-read of the v1 root, still unanswered").isEqualTo(1);
        store.answer();
        await().atMost(WAIT).until(() -> latest().stamp().revision() == v1Change);
    }

    @Test
    void theLaggingRootIsReadAgainEvenWhenTheListenerThrewOnTheChange() {
        throwOnce.set(true);

        long change = put("traefik/http/routers/site/rule", "Host(`b.test`)");

        await().atMost(WAIT).until(() -> latest().stamp().revision() == change);
        assertThat(rule(latest())).isEqualTo("Host(`b.test`)");
    }

    @Test
    void aReadOfTheLaggingRootThatAChangeOvertookIsDroppedNotAppliedOverIt() {
        long legacy = put("/traefik/frontends/legacy/backend", "app");
        await().atMost(WAIT).until(() -> latest().stamp().revision() == legacy);
        int withLegacy = latest().stamp().keys();
        store.holdAfterReading();
        put("traefik/http/routers/site/rule", "Host(`b.test`)");
        await().atMost(WAIT).until(() -> store.held() == 1);

        long deleted = memory.commit(KvTransaction.builder().delete("/traefik/frontends/legacy/backend").build());
        await().atMost(WAIT).until(() -> latest().stamp().revision() == deleted);
        store.answer();
        // the held read of the v1 root (which still has the deleted key) ran on the dynamic root's watch thread: a
        // later change of that root is delivered after it is done with
        long after = put("traefik/http/routers/site/rule", "Host(`c.test`)");

        await().atMost(WAIT).until(() -> latest().stamp().revision() == after);
        assertThat(latest().stamp().keys()).as("the deleted v1 key stays deleted").isEqualTo(withLegacy - 1);
        assertThat(deliveries).extracting(delivery -> delivery.stamp().revision()).isSorted();
    }

    private long put(String key, String value) {
        return memory.commit(KvTransaction.builder().put(key, value).build());
    }

    private Delivery latest() {
        return deliveries.get(deliveries.size() - 1);
    }

    private static String rule(Delivery delivery) {
        return delivery.config().model().router("site").map(Router::rule).orElse("");
    }

    private record Delivery(DecodedConfig config, ConfigStamp stamp) {
    }

    /** The memory store, whose lists of the v1 root wait, once {@link #hold()} was called, until {@link #answer()}. */
    private static final class HeldV1Lists extends DelegatingKvStore {
        private final AtomicReference<CountDownLatch> gate = new AtomicReference<>(new CountDownLatch(0));
        private final AtomicInteger held = new AtomicInteger();
        /** Whether held lists read the store before they wait (so that what they return is older than the wait). */
        private volatile boolean readFirst;

        HeldV1Lists(MemoryKvStore memory) {
            super(memory);
        }

        void hold() {
            gate.set(new CountDownLatch(1));
        }

        /** Lists of the v1 root read the store, then wait until {@link #answer()} to return what they read. */
        void holdAfterReading() {
            readFirst = true;
            hold();
        }

        void answer() {
            gate.get().countDown();
        }

        /** How many lists of the v1 root wait now. */
        int held() {
            return held.get();
        }

        @Override
        public KvSnapshot list(String prefix) {
            CountDownLatch waitFor = gate.get();
            if (prefix.equals("/traefik/") && waitFor.getCount() > 0) {
                KvSnapshot read = readFirst ? super.list(prefix) : null;
                held.incrementAndGet();
                try {
                    waitFor.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    held.decrementAndGet();
                }
                if (read != null) {
                    return read;
                }
            }
            return super.list(prefix);
        }
    }
}
