package io.kvroute.proxy.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SmoothWeightedRoundRobinTest {
    @Test
    void weights511GiveNginxSequence() {
        assertThat(Servers.sequence(Servers.balancer("web", 5, 1, 1), 14)).isEqualTo("aabacaa" + "aabacaa");
    }

    @Test
    void weights123GiveSmoothSequence() {
        assertThat(Servers.sequence(Servers.balancer("web", 1, 2, 3), 12)).isEqualTo("cbacbc" + "cbacbc");
    }

    @Test
    void equalWeightsAlternate() {
        assertThat(Servers.sequence(Servers.balancer("web", 1, 1, 1), 6)).isEqualTo("abcabc");
    }

    @Test
    void threeToOneOver400Picks() {
        assertThat(counts(Servers.balancer("web", 3, 1), 400)).containsExactlyInAnyOrderEntriesOf(
                Map.of("a", 300, "b", 100));
    }

    @Test
    void oneTwoThreeOver600Picks() {
        assertThat(counts(Servers.balancer("web", 1, 2, 3), 600)).containsExactlyInAnyOrderEntriesOf(
                Map.of("a", 100, "b", 200, "c", 300));
    }

    @Test
    void zeroWeightIsNeverPicked() {
        assertThat(counts(Servers.balancer("web", 2, 0, 1), 300)).containsExactlyInAnyOrderEntriesOf(
                Map.of("a", 200, "c", 100));
    }

    @Test
    void onlyZeroWeightsShareTheRequestsAsIfEqualAndNoServersPickNothing() {
        assertThat(Servers.sequence(Servers.balancer("web", 0, 0), 4)).isEqualTo("abab");
        assertThat(new SmoothWeightedRoundRobin(new int[] {0, 0}).next(i -> true)).isEqualTo(-1);
        assertThat(Servers.balancer("web").pick()).isEmpty();
    }

    @Test
    void negativeWeightIsRejected() {
        assertThatThrownBy(() -> new SmoothWeightedRoundRobin(new int[] {1, -2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("weights[1]: -2 (expected: >= 0)");
    }

    @Test
    void eightThreadsKeepExactTotals() throws Exception {
        ServerBalancer balancer = Servers.balancer("web", 5, 1, 1);
        int threads = 8;
        int picksPerThread = 7_000;
        Map<String, AtomicInteger> totals = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < picksPerThread; i++) {
                        String id = balancer.pick().orElseThrow().key().serverId();
                        totals.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(totals.get("a")).hasValue(40_000);
        assertThat(totals.get("b")).hasValue(8_000);
        assertThat(totals.get("c")).hasValue(8_000);
    }

    static Map<String, Integer> counts(ServiceBalancer balancer, int picks) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < picks; i++) {
            counts.merge(balancer.pick().orElseThrow().key().serverId(), 1, Integer::sum);
        }
        return counts;
    }
}
