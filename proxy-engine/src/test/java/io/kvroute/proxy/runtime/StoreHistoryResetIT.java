package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import java.io.IOException;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * etcd wiped under a running proxy (as after a disaster, or a new cluster on the old address): the store's revision
 * starts again far below the one the proxy serves, and what the store holds now is the configuration all the same,
 * a removed router gone and a new one served, not ignored until the revision catches up.
 */
class StoreHistoryResetIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();
    private static final Duration BOUND = Duration.ofSeconds(20);

    @Test
    void afterAWipeTheStoresNewContentIsServedThoughItsRevisionIsLower() throws IOException {
        try (Backend old = Backend.start("old"); Backend fresh = Backend.start("fresh");
                RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(new TraefikKeys().router("old", "Host(`old.test`)", "old")
                    .server("old", "one", old.url()).build());
            IntStream.range(0, 30).forEach(i -> proxy.put(new TraefikKeys().router("filler", "Host(`filler.test`)",
                    "filler").server("filler", "one", old.url() + "/" + i).build()));
            await().atMost(BOUND).until(() -> proxy.get("filler.test", "/").statusCode() == 200);
            long before = proxy.servedRevision();

            ETCD.wipe();
            await().atMost(BOUND).ignoreExceptions().until(() -> proxy.put(new TraefikKeys()
                    .router("fresh", "Host(`fresh.test`)", "fresh").server("fresh", "one", fresh.url()).build()) > 0);

            await().atMost(BOUND).until(() -> proxy.get("fresh.test", "/").statusCode() == 200);
            assertThat(proxy.get("fresh.test", "/").body()).isEqualTo("fresh");
            assertThat(proxy.get("old.test", "/").statusCode()).isEqualTo(404);
            assertThat(proxy.servedRevision()).isLessThan(before);
            await().atMost(BOUND).until(() -> proxy.runtime().storeState().connected());
        }
    }
}
