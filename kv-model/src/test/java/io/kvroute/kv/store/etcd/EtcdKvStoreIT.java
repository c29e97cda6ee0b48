package io.kvroute.kv.store.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.store.KvChanges;
import io.kvroute.kv.store.KvEvent;
import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.store.KvSnapshot;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStoreContractTest;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.PrefixWatcher;
import io.kvroute.kv.store.RecordingPrefixListener;
import io.kvroute.kv.store.RecordingWatchListener;
import io.kvroute.kv.store.ScriptedKvStore;
import io.kvroute.kv.store.StoreSettings;
import io.kvroute.kv.store.StoreStatus;
import io.kvroute.kv.testing.EtcdExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contract against a real etcd, plus etcd's compaction, descriptions and settings, for both adapters: jetcd
 * ({@link Jetcd}) and the JSON gateway ({@link Gateway}).
 */
class EtcdKvStoreIT {
    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();

    @Nested
    class Jetcd extends EtcdContract {
        Jetcd() {
            super(EtcdAdapter.JETCD);
        }
    }

    @Nested
    class Gateway extends EtcdContract {
        Gateway() {
            super(EtcdAdapter.GATEWAY);
        }
    }

    abstract class EtcdContract extends KvStoreContractTest {
        private final EtcdAdapter adapter;

        EtcdContract(EtcdAdapter adapter) {
            this.adapter = adapter;
        }

        @Override
        protected KvStore newStore() {
            return adapter.open(etcd.settings());
        }

        @Test
        void aCallAMemberRefusesGoesToTheNextMemberWithinItsDeadline() throws IOException {
            int refusing;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                refusing = socket.getLocalPort();
            }
            StoreSettings settings = StoreSettings.etcd("127.0.0.1:" + refusing, etcd.settings().endpoints().get(0))
                    .withRequestTimeout(Duration.ofSeconds(5));
            // a store starts on a member picked at random: eight stores, so that all but one run in 256 start on the
            // refusing one at least once
            for (int i = 0; i < 8; i++) {
                try (KvStore refusedFirst = adapter.open(settings)) {
                    long revision = refusedFirst.commit(KvTransaction.builder().put(prefix + "a", "" + i).build());

                    assertThat(revision).isPositive();
                    assertThat(refusedFirst.list(prefix).pairs()).containsExactly(KvPair.of(prefix + "a", "" + i));
                }
            }
        }

        @Test
        void aWatchFromACompactedRevisionEndsWithCompactedOnce() {
            long first = commit(KvTransaction.builder().put(prefix + "a", "1").build());
            commit(KvTransaction.builder().put(prefix + "a", "2").build());
            adapter.compact(store, commit(KvTransaction.builder().put(prefix + "a", "3").build()));
            RecordingWatchListener listener = new RecordingWatchListener();

            track(store.watch(prefix, first - 1, listener));

            await().atMost(Duration.ofSeconds(5)).until(() -> listener.ended().isPresent());
            assertThat(listener.ended().orElseThrow().kind()).isEqualTo(KvStoreException.Kind.COMPACTED);
            assertThat(listener.endCount()).isEqualTo(1);
        }

        @Test
        void prefixWatcherRelistsWhenItsWatchStartsFromACompactedRevisionAndKeepsDelivering() {
            ScriptedKvStore scripted = new ScriptedKvStore(store);
            RecordingPrefixListener listener = new RecordingPrefixListener();
            scripted.beforeNextWatch(() -> {
                commit(KvTransaction.builder().put(prefix + "x", "1").build());
                adapter.compact(store, commit(KvTransaction.builder().put(prefix + "y", "2").build()));
            });

            track(PrefixWatcher.start(scripted, prefix, listener));
            await().atMost(Duration.ofSeconds(5)).until(() -> listener.latestPairs().size() == 2);
            long later = commit(KvTransaction.builder().put(prefix + "z", "3").build());

            await().atMost(Duration.ofSeconds(5)).until(() -> listener.latest().orElseThrow().revision() >= later);
            assertThat(listener.latestPairs()).containsExactly(
                    KvPair.of(prefix + "x", "1"), KvPair.of(prefix + "y", "2"), KvPair.of(prefix + "z", "3"));
            assertThat(listener.snapshots().get(0).pairs()).isEmpty();
            assertThat(scripted.listCount()).as("the first list and the one after the compacted watch; the put after them"
                    + " arrives with its watch event").isGreaterThanOrEqualTo(2);
        }

        @Test
        void prefixWatcherPassesOnTheChangesEtcdReportsWithoutListingAgain() {
            ScriptedKvStore scripted = new ScriptedKvStore(store);
            Map<String, String> applied = new ConcurrentHashMap<>();
            List<KvChanges> received = new CopyOnWriteArrayList<>();
            track(PrefixWatcher.start(scripted, prefix, new PrefixWatcher.ChangeListener() {
                @Override
                public void snapshot(KvSnapshot snapshot) {
                    applied.clear();
                    snapshot.pairs().forEach(pair -> applied.put(pair.key(), pair.value()));
                }

                @Override
                public void changed(KvChanges changes) {
                    for (KvEvent event : changes.events()) {
                        if (event.deleted()) {
                            applied.remove(event.key());
                        } else {
                            applied.put(event.key(), event.value());
                        }
                    }
                    received.add(changes);
                }

                @Override
                public void status(StoreStatus status) {
                }
            }));
            await().atMost(Duration.ofSeconds(5)).until(() -> scripted.listCount() == 1);

            commit(KvTransaction.builder().put(prefix + "a", "1").put(prefix + "b", "2").build());
            commit(KvTransaction.builder().put(prefix + "a", "3").build());
            long last = commit(KvTransaction.builder().delete(prefix + "b").put(prefix + "c", "4").build());

            await().atMost(Duration.ofSeconds(5)).until(() -> !received.isEmpty()
                    && received.get(received.size() - 1).revision() == last);
            assertThat(new TreeMap<>(applied)).isEqualTo(Map.of(prefix + "a", "3", prefix + "c", "4"));
            assertThat(received.get(received.size() - 1).keys()).isEqualTo(2);
            assertThat(received.stream().mapToInt(changes -> changes.events().size()).sum()).isEqualTo(5);
            assertThat(scripted.listCount()).isEqualTo(1);
        }

        @Test
        void prefixWatcherGivesAListenerOfSnapshotsTheReportedChangesAppliedToTheLastOne() {
            ScriptedKvStore scripted = new ScriptedKvStore(store);
            RecordingPrefixListener listener = new RecordingPrefixListener();
            commit(KvTransaction.builder().put(prefix + "kept", "0").put(prefix + "gone", "0").build());
            track(PrefixWatcher.start(scripted, prefix, listener));
            await().atMost(Duration.ofSeconds(5)).until(() -> listener.latestPairs().size() == 2);

            long last = commit(KvTransaction.builder().delete(prefix + "gone").put(prefix + "new", "1").build());

            await().atMost(Duration.ofSeconds(5)).until(() -> listener.latest().orElseThrow().revision() == last);
            assertThat(listener.latest().orElseThrow()).isEqualTo(store.list(prefix));
            assertThat(scripted.listCount()).isEqualTo(1);
        }

        @Test
        void describeNamesTheEndpointUrls() {
            try (KvStore described = adapter.open(StoreSettings.etcd("127.0.0.1:2379", "https://etcd.example:2379"))) {
                assertThat(described.describe()).isEqualTo("etcd http://127.0.0.1:2379,https://etcd.example:2379");
                assertThat(described.provider()).isEqualTo("etcd");
            }
        }

        @Test
        void anUnreadableTlsFileIsInvalidAndNamed() {
            StoreSettings settings = etcd.settings().withTls(Path.of("/nonexistent/ca.pem"), null, null);

            assertThatThrownBy(() -> adapter.open(settings))
                    .isInstanceOfSatisfying(KvStoreException.class,
                            e -> assertThat(e.kind()).isEqualTo(KvStoreException.Kind.INVALID))
                    .hasMessageStartingWith("etcd TLS: cannot load ca /nonexistent/ca.pem, cert null, key null: ");
        }

        @Test
        void aPasswordWithoutAUserIsRefused() {
            StoreSettings settings = new StoreSettings(StoreSettings.Type.ETCD, List.of(etcd.endpoint()), Optional.empty(),
                    Optional.of("secret"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    StoreSettings.DEFAULT_REQUEST_TIMEOUT, StoreSettings.DEFAULT_KEEPALIVE_TIME,
                    StoreSettings.DEFAULT_KEEPALIVE_TIMEOUT);

            assertThatThrownBy(() -> adapter.open(settings))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("etcd.username/etcd.password: only one given (expected: both or neither)");
        }
    }
}
