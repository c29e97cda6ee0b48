package io.kvroute.kv.store.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.store.Backoff;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvWatch;
import io.kvroute.kv.store.PrefixWatcher;
import io.kvroute.kv.store.RecordingPrefixListener;
import io.kvroute.kv.store.RecordingWatchListener;
import io.kvroute.kv.store.StoreSettings;
import io.kvroute.kv.store.StoreStatus;
import io.kvroute.kv.testing.EtcdExtension;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A frozen etcd (SIGSTOP: connections open, nothing answered) under a quiet watch: the watch alone would look fine
 * forever; the marks that cannot be read make the watcher say the store is unavailable, and available again once etcd
 * continues; and a watch alone on a frozen etcd ends once its connection misses a gRPC keep-alive ping.
 */
class EtcdFrozenIT {
    private static final Duration BOUND = Duration.ofSeconds(15);
    private static final Duration KEEPALIVE_BOUND = Duration.ofSeconds(30);

    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();

    @ParameterizedTest
    @EnumSource(EtcdAdapter.class)
    void aFrozenEtcdUnderAQuietWatchIsReportedUnavailableAndThenAvailableAgain(EtcdAdapter adapter) {
        RecordingPrefixListener listener = new RecordingPrefixListener();
        try (KvStore store = adapter.open(etcd.settings().withRequestTimeout(Duration.ofSeconds(1)));
                PrefixWatcher watcher = PrefixWatcher.start(store, "kvroute-frozen/", listener,
                        new Backoff(Duration.ofMillis(50), Duration.ofMillis(200)))) {
            await().atMost(BOUND).until(() -> listener.status().orElse(null) instanceof StoreStatus.Available);

            etcd.pause();
            try {
                await().atMost(BOUND).until(() -> listener.status().orElseThrow() instanceof StoreStatus.Unavailable);
            } finally {
                etcd.resume();
            }

            await().atMost(BOUND).until(() -> listener.status().orElseThrow() instanceof StoreStatus.Available);
            assertThat(listener.statuses()).extracting(status -> status.getClass().getSimpleName())
                    .containsExactly("Available", "Unavailable", "Available");
        }
    }

    @ParameterizedTest
    @EnumSource(EtcdAdapter.class)
    void aWatchOnAFrozenEtcdEndsOnceItsConnectionMissesAKeepalivePing(EtcdAdapter adapter) {
        RecordingWatchListener listener = new RecordingWatchListener();
        StoreSettings settings = etcd.settings().withRequestTimeout(Duration.ofSeconds(1))
                .withKeepalive(StoreSettings.GRPC_KEEPALIVE_FLOOR, Duration.ofSeconds(2));
        try (KvStore store = adapter.open(settings);
                KvWatch watch = store.watch("kvroute-frozen-ping/", store.list("kvroute-frozen-ping/").revision(),
                        listener)) {
            etcd.pause();
            try {
                // Ping after 10 s idle, closed 2 s later: without the ping the watch would wait forever.
                await().atMost(KEEPALIVE_BOUND).until(() -> listener.ended().isPresent());
            } finally {
                etcd.resume();
            }
            assertThat(listener.ended().orElseThrow().kind()).isEqualTo(KvStoreException.Kind.UNAVAILABLE);
        }
    }
}
