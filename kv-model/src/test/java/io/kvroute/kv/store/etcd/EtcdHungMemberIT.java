package io.kvroute.kv.store.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.Lease;
import io.kvroute.kv.testing.EtcdClusterExtension;
import io.kvroute.kv.testing.EtcdMember;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A hung etcd member (SIGSTOP: its connections stay open and nothing answers) in a three-member cluster: a lease kept
 * alive by a client of all three members survives it, whichever member the keep-alive stream sat on, as the other
 * two still form a quorum.
 */
class EtcdHungMemberIT {
    private static final Duration TTL = Duration.ofSeconds(5);
    /** Longer than the TTL: a keep-alive that did not move on to another member loses the lease. */
    private static final Duration HUNG = Duration.ofSeconds(8);

    @RegisterExtension
    static EtcdClusterExtension cluster = new EtcdClusterExtension();

    @Test
    void aLeaseOutlivesAnyOneHungMember() throws InterruptedException {
        List<String> lost = new CopyOnWriteArrayList<>();
        try (EtcdKvStore store = new EtcdKvStore(cluster.settings().withRequestTimeout(Duration.ofSeconds(1)))) {
            Lease lease = store.grantLease(TTL, (gone, reason) -> lost.add(reason));
            store.commit(KvTransaction.builder().put("kvroute-hung/key", "v", lease).build());

            for (EtcdMember member : cluster.members()) {
                member.pause();
                try {
                    Thread.sleep(HUNG.toMillis());
                } finally {
                    member.resume();
                }
                assertThat(lost).as("leases lost while %s hung", member.name()).isEmpty();
                assertThat(store.list("kvroute-hung/").pairs()).as("keys after %s hung", member.name())
                        .containsExactly(KvPair.of("kvroute-hung/key", "v"));
            }
        }
    }
}
