package io.kvroute.kv.store.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvWatch;
import io.kvroute.kv.store.RecordingWatchListener;
import io.kvroute.kv.store.StoreSettings;
import io.kvroute.kv.testing.EtcdClusterExtension;
import io.kvroute.kv.testing.EtcdMember;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A member cut off from the rest of its cluster keeps its client connections and would keep a watch open in
 * silence, sending nothing while others change the keys. Watches require a leader, so the member ends the watch
 * instead ("no leader") and the watcher re-lists elsewhere.
 */
class EtcdLeaderLossIT {
    /** etcd notices a lost leader after its election timeout (1 s); generous on a loaded machine. */
    private static final Duration BOUND = Duration.ofSeconds(20);

    @RegisterExtension
    static EtcdClusterExtension cluster = new EtcdClusterExtension();

    @ParameterizedTest
    @EnumSource(EtcdAdapter.class)
    void aWatchOnAMemberThatLostItsLeaderEndsInsteadOfStayingSilent(EtcdAdapter adapter) {
        EtcdMember lonely = cluster.member(0);
        RecordingWatchListener listener = new RecordingWatchListener();
        try (KvStore store = adapter.open(StoreSettings.etcd(lonely.endpoint())
                        .withRequestTimeout(Duration.ofSeconds(1)));
                KvWatch watch = store.watch("kvroute-leaderless/", store.list("kvroute-leaderless/").revision(),
                        listener)) {
            cluster.member(1).stop();
            cluster.member(2).stop();

            await().atMost(BOUND).until(() -> listener.ended().isPresent());
            assertThat(listener.ended().orElseThrow()).hasMessageContaining("no leader");
        }
    }
}
