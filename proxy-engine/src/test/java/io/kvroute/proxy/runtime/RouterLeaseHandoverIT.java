package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.ProxyHarness;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Router keys are shared by the agents of a service and live on the lease of the agent that wrote them last. When
 * that lease expires they vanish until a surviving agent re-asserts them; clients must not see 404 in between.
 */
class RouterLeaseHandoverIT {
    @RegisterExtension
    static final ProxyHarness HARNESS = new ProxyHarness();

    private final Backend backend = HARNESS.backend("node1");
    private final RunningProxy proxy = HARNESS.proxy();

    @Test
    void routerKeysDeletedAndReassertedUnderTrafficCauseNo404() throws Exception {
        Map<String, String> router = new TraefikKeys().router("web", "Host(`app.test`)", "app").build();
        proxy.apply(new TraefikKeys().router("web", "Host(`app.test`)", "app")
                .server("app", "node1--web", backend.url()).build());
        Map<Integer, Integer> statuses = new HashMap<>();

        proxy.delete(router.keySet().toArray(String[]::new));
        long deadline = System.nanoTime() + Duration.ofMillis(300).toNanos();
        while (System.nanoTime() < deadline) {
            statuses.merge(proxy.get("app.test", "/").statusCode(), 1, Integer::sum);
        }
        proxy.put(router);
        for (int i = 0; i < 20; i++) {
            statuses.merge(proxy.get("app.test", "/").statusCode(), 1, Integer::sum);
        }

        assertThat(statuses).containsOnlyKeys(200);
    }

    @Test
    void aRouterThatStaysAwayIsRemovedAfterTheHold() {
        Map<String, String> router = new TraefikKeys().router("web", "Host(`app.test`)", "app").build();
        proxy.apply(new TraefikKeys().router("web", "Host(`app.test`)", "app")
                .server("app", "node1--web", backend.url()).build());
        long deleted = System.nanoTime();

        proxy.delete(router.keySet().toArray(String[]::new));

        await().atMost(SnapshotPipeline.ROUTER_HOLD.plusSeconds(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> proxy.get("app.test", "/").statusCode() == 404);
        assertThat(Duration.ofNanos(System.nanoTime() - deleted)).isGreaterThanOrEqualTo(SnapshotPipeline.ROUTER_HOLD);
    }
}
