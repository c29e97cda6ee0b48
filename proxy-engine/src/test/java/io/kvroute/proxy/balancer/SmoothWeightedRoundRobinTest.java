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
        assertThat(new SmoothWeightedRoundRobin(new long[] {0, 0}).next(i -> true)).isEqualTo(-1);
        assertThat(Servers.balancer("web").pick()).isEmpty();
    }

    @Test
    void negativeWeightIsRejected() {
        assertThatThrownBy(() -> new SmoothWeightedRoundRobin(new long[] {1, -2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("weights[1]: -2 (expected: >= 0)");
    }

    /** Traefik's weights are 64-bit: weights with a common divisor rotate exactly as their quotients. */
    @Test
    void weightsBeyond32BitsRotateAsTheirProportions() {
        assertThat(Servers.sequence(Servers.balancer("web", 5L << 40, 1L << 40, 1L << 40), 7)).isEqualTo("aabacaa");
        assertThat(counts(Servers.balancer("web", 3L << 61, 1L << 61), 400)).containsExactlyInAnyOrderEntriesOf(
                Map.of("a", 300, "b", 100));
    }

    /** Sums of weights near 2^63 would overflow: they are scaled down, and equal shares stay equal. */
    @Test
    void weightsNearTheInt64LimitShareWithoutOverflow() {
        assertThat(counts(Servers.balancer("web", Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE - 1), 3000))
                .containsExactlyInAnyOrderEntriesOf(Map.of("a", 1000, "b", 1000, "c", 1000));
        assertThat(counts(Servers.balancer("web", Long.MAX_VALUE, 1), 1000)).containsExactly(Map.entry("a", 1000));
    }

    @Test
    void scalesTotalsAboveTheLimitKeepingPositiveWeightsPositive() {
        assertThat(SmoothWeightedRoundRobin.scaled(new long[] {Long.MAX_VALUE, 1, 0}))
                .containsExactly((1L << 60) - 1, 1, 0);
        assertThat(SmoothWeightedRoundRobin.scaled(new long[] {6L << 50, 4L << 50})).containsExactly(3, 2);
        assertThat(SmoothWeightedRoundRobin.scaled(new long[] {1L << 59, (1L << 59) - 1}))
                .containsExactly(1L << 59, (1L << 59) - 1);
        assertThat(SmoothWeightedRoundRobin.scaled(new long[] {1L << 59, (1L << 59) + 1}))
                .containsExactly(1L << 58, 1L << 58);
        assertThat(SmoothWeightedRoundRobin.scaled(new long[] {0, 0})).containsExactly(0, 0);
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
