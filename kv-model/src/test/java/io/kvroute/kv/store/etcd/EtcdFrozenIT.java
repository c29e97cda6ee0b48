package io.kvroute.kv.store.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.store.Backoff;
import io.kvroute.kv.store.PrefixWatcher;
import io.kvroute.kv.store.RecordingPrefixListener;
import io.kvroute.kv.store.StoreStatus;
import io.kvroute.kv.testing.EtcdExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A frozen etcd (SIGSTOP: connections open, nothing answered) under a quiet watch: the watch alone would look fine
 * forever; the marks that cannot be read make the watcher say the store is unavailable, and available again once etcd
 * continues.
 */
class EtcdFrozenIT {
    private static final Duration BOUND = Duration.ofSeconds(15);

    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();

    @Test
    void aFrozenEtcdUnderAQuietWatchIsReportedUnavailableAndThenAvailableAgain() {
        RecordingPrefixListener listener = new RecordingPrefixListener();
        try (EtcdKvStore store = new EtcdKvStore(etcd.settings().withRequestTimeout(Duration.ofSeconds(1)));
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
}
