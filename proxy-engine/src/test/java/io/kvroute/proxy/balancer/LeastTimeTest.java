package io.kvroute.proxy.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Traefik's leasttime strategy, after the cases of Traefik's own leasttime_test.go. */
class LeastTimeTest {
    private final UsabilityBoard board = new UsabilityBoard();

    @Test
    void averagesTheLastHundredTimesInWholeMilliseconds() {
        LeastTime leastTime = new LeastTime(new long[] {1});
        assertThat(leastTime.score(0)).as("cold start").isZero();
        leastTime.sample(0, 10);
        assertThat(leastTime.score(0)).isEqualTo(10.0);
        leastTime.sample(0, 20);
        leastTime.sample(0, 30);
        assertThat(leastTime.score(0)).isEqualTo(20.0);

        LeastTime wrapping = new LeastTime(new long[] {1});
        for (int i = 0; i < LeastTime.SAMPLES; i++) {
            wrapping.sample(0, 10);
        }
        wrapping.sample(0, 20);
        assertThat(wrapping.score(0)).as("the oldest sample replaced").isEqualTo(10.1);
        for (int i = 0; i < 10; i++) {
            wrapping.sample(0, 30);
        }
        assertThat(wrapping.score(0)).isEqualTo(12.1);

        LeastTime large = new LeastTime(new long[] {1});
        for (int i = 1; i <= 150; i++) {
            large.sample(0, i);
        }
        assertThat(large.score(0)).as("51..150").isEqualTo(100.5);
    }

    @Test
    void theHeavierOfTwoEquallyFastServersTakesEveryRequest() {
        ServerBalancer balancer = balancer(3, 1);
        sample(balancer, 0, 50);
        sample(balancer, 1, 50);
        assertThat(picks(balancer, 10)).containsExactly(Map.entry("a", 10));
    }

    @Test
    void requestsInFlightMultiplyTheAverage() {
        ServerBalancer balancer = balancer(1, 1);
        sample(balancer, 0, 10);
        sample(balancer, 1, 10);
        LeastTime leastTime = balancer.leastTime();
        for (int i = 0; i < 5; i++) {
            leastTime.begin(0);
        }
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 5; i++) {
            Pick pick = balancer.pick().orElseThrow();
            counts.merge(pick.key().serverId(), 1, Integer::sum);
        }
        assertThat(counts).as("b scores 10..50 with its own requests in flight, a 60").containsExactly(
                Map.entry("b", 5));
        assertThat(balancer.inFlight(1)).isEqualTo(5);
    }

    @Test
    void aServerWithoutSamplesIsTriedFirst() {
        ServerBalancer balancer = balancer(1, 1);
        sample(balancer, 0, 50);
        Pick cold = balancer.pick().orElseThrow();
        assertThat(cold.key().serverId()).isEqualTo("b");
    }

    @Test
    void equalScoresAreSharedByWeightedRoundRobin() {
        ServerBalancer balancer = balancer(3, 1);
        sample(balancer, 0, 15);
        sample(balancer, 1, 5);
        assertThat(picks(balancer, 80)).containsOnly(Map.entry("a", 60), Map.entry("b", 20));
    }

    @Test
    void skipsDownAndDrainedServersAndAnswersNothingWithoutAUsableOne() {
        ServerBalancer balancer = balancer(1, 1, 0);
        board.set(balancer.servers().get(0).key(), ServerUsability.DOWN);
        assertThat(picks(balancer, 4)).containsExactly(Map.entry("b", 4));
        board.set(balancer.servers().get(1).key(), ServerUsability.DOWN);
        assertThat(picks(balancer, 2)).as("the drained server serves when it is all that is left")
                .containsExactly(Map.entry("c", 2));
        board.set(balancer.servers().get(2).key(), ServerUsability.DOWN);
        assertThat(balancer.pick()).isEmpty();
    }

    @Test
    void timesAnAnswerOnceFromItsSendingAndCountsARequestUntilItEnds() {
        AtomicLong nanos = new AtomicLong();
        LeastTime leastTime = new LeastTime(new long[] {1}, nanos::get);
        InFlightRequest request = leastTime.begin(0);
        assertThat(leastTime.inFlight(0)).isEqualTo(1);
        nanos.addAndGet(millis(50));
        request.sent();
        nanos.addAndGet(millis(10));
        request.answered();
        nanos.addAndGet(millis(30));
        request.answered();
        request.end();
        request.end();
        assertThat(leastTime.inFlight(0)).isZero();
        assertThat(leastTime.score(0)).as("one sample, from the sending (not the pick) to the first answer")
                .isEqualTo(10.0);

        InFlightRequest neverSent = leastTime.begin(0);
        neverSent.answered();
        neverSent.end();
        assertThat(leastTime.score(0)).as("a request never sent is not timed").isEqualTo(10.0);
    }

    private static long millis(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void keepsStickyCookies() {
        StickyCookieSpec cookie = new StickyCookieSpec("srv", false, false, Optional.empty(), OptionalInt.empty(),
                "/", Optional.empty());
        ServerBalancer.Spec spec = new ServerBalancer.Spec("web", Servers.weighted("web", 1, 1), true,
                Optional.of(cookie), Optional.empty(), BalancingStrategy.LEASTTIME);
        ServerBalancer balancer = new ServerBalancer(spec, board, Clock.systemUTC());
        sample(balancer, 1, 100);
        Pick pinned = balancer.pick(Set.of(), Requests.cookie("srv", PinHash.of("http://b.internal:80")))
                .orElseThrow();
        assertThat(pinned.key().serverId()).isEqualTo("b");
        assertThat(pinned.cookiesToSet()).isEmpty();
    }

    @Test
    void aRequestItsStickyCookieSendsIsNeitherCountedNorTimedAsInTraefik() {
        StickyCookieSpec cookie = new StickyCookieSpec("srv", false, false, Optional.empty(), OptionalInt.empty(),
                "/", Optional.empty());
        ServerBalancer.Spec spec = new ServerBalancer.Spec("web", Servers.weighted("web", 1, 1), true,
                Optional.of(cookie), Optional.empty(), BalancingStrategy.LEASTTIME);
        ServerBalancer balancer = new ServerBalancer(spec, board, Clock.systemUTC());

        Pick pinned = balancer.pick(Set.of(), Requests.cookie("srv", PinHash.of("http://b.internal:80")))
                .orElseThrow();
        pinned.inFlight().sent();
        pinned.inFlight().answered();

        assertThat(pinned.inFlight()).isSameAs(InFlightRequest.NONE);
        assertThat(balancer.inFlight(1)).isZero();
        Pick picked = balancer.pick().orElseThrow();
        assertThat(balancer.inFlight(picked.key().serverId().equals("a") ? 0 : 1)).as("a balanced pick counts")
                .isEqualTo(1);
    }

    private ServerBalancer balancer(long... weights) {
        ServerBalancer.Spec spec = new ServerBalancer.Spec("web", Servers.weighted("web", weights), true,
                Optional.empty(), Optional.empty(), BalancingStrategy.LEASTTIME);
        return new ServerBalancer(spec, board, Clock.systemUTC());
    }

    private static void sample(ServerBalancer balancer, int index, long millis) {
        for (int i = 0; i < LeastTime.SAMPLES; i++) {
            balancer.leastTime().sample(index, millis);
        }
    }

    private static Map<String, Integer> picks(ServerBalancer balancer, int count) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < count; i++) {
            Pick pick = balancer.pick().orElseThrow();
            counts.merge(pick.key().serverId(), 1, Integer::sum);
            pick.inFlight().end();
        }
        return counts;
    }
}
