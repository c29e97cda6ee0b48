package io.kvroute.proxy.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.proxy.testing.MutableClock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WeightedBalancerTest {
    private final UsabilityBoard board = new UsabilityBoard();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ServerBalancer blue = Servers.balancer(board, clock, "blue", 1, 1);
    private final ServerBalancer green = Servers.balancer(board, clock, "green", 1);

    @Test
    void threeToOneOverTwoServices() {
        WeightedBalancer canary = weighted(Optional.empty(), 3, 1);
        assertThat(serviceCounts(canary, 400)).containsExactlyInAnyOrderEntriesOf(Map.of("blue", 300, "green", 100));
        assertThat(sequence(canary, 4)).isEqualTo(List.of("blue", "blue", "green", "blue"));
    }

    @Test
    void childWithoutUsableServerIsSkipped() {
        WeightedBalancer canary = weighted(Optional.empty(), 3, 1);
        board.set(green.servers().get(0).key(), ServerUsability.DOWN);
        assertThat(serviceCounts(canary, 40)).containsExactlyInAnyOrderEntriesOf(Map.of("blue", 40));
        blue.servers().forEach(server -> board.set(server.key(), ServerUsability.DOWN));
        assertThat(canary.pick()).isEmpty();
        assertThat(canary.hasUsableServer(Set.of())).isFalse();
    }

    @Test
    void zeroWeightChildIsDrained() {
        WeightedBalancer canary = weighted(Optional.empty(), 1, 0);
        assertThat(serviceCounts(canary, 10)).containsExactlyInAnyOrderEntriesOf(Map.of("blue", 10));
    }

    @Test
    void aChildWithOnlyDrainedServersGetsNothingWhileAnotherCanServe() {
        WeightedBalancer canary = weighted(Optional.empty(), 3, 1);
        board.drain(green.servers().get(0).key());
        assertThat(serviceCounts(canary, 20)).containsExactlyInAnyOrderEntriesOf(Map.of("blue", 20));
        blue.servers().forEach(server -> board.drain(server.key()));
        assertThat(serviceCounts(canary, 20)).containsExactlyInAnyOrderEntriesOf(Map.of("blue", 15, "green", 5));
        assertThat(canary.hasUndrainedServer(Set.of())).isFalse();
        assertThat(canary.hasUsableServer(Set.of())).isTrue();
    }

    @Test
    void excludeSetReachesIntoChildren() {
        WeightedBalancer canary = weighted(Optional.empty(), 1, 1);
        Set<ServerKey> blueServers = Set.of(blue.servers().get(0).key(), blue.servers().get(1).key());
        for (int i = 0; i < 4; i++) {
            assertThat(canary.pick(blueServers, BalancedRequest.NONE).orElseThrow().key().service()).isEqualTo("green");
        }
    }

    @Test
    void stickyWeightedServicePinsChild() {
        StickyCookieSpec cookie = new StickyCookieSpec("svc", true, false, Optional.of("Lax"), OptionalInt.of(60), "/",
                Optional.empty());
        WeightedBalancer canary = weighted(Optional.of(cookie), 3, 1);
        Pick first = canary.pick().orElseThrow();
        assertThat(first.key().service()).isEqualTo("blue");
        assertThat(first.cookiesToSet()).extracting(StickyPin::setCookieHeader)
                .containsExactly("svc=" + PinHash.of("blue") + "; Path=/; Max-Age=60; Secure; SameSite=Lax");
        BalancedRequest pinnedGreen = Requests.cookie("svc", PinHash.of("green"));
        for (int i = 0; i < 4; i++) {
            Pick pick = canary.pick(Set.of(), pinnedGreen).orElseThrow();
            assertThat(pick.key().service()).isEqualTo("green");
            assertThat(pick.cookiesToSet()).isEmpty();
        }
        board.set(green.servers().get(0).key(), ServerUsability.DOWN);
        Pick repinned = canary.pick(Set.of(), pinnedGreen).orElseThrow();
        assertThat(repinned.key().service()).isEqualTo("blue");
        assertThat(repinned.cookiesToSet()).extracting(StickyPin::value).containsExactly(PinHash.of("blue"));
    }

    @Test
    void serversListsEveryChildServer() {
        assertThat(weighted(Optional.empty(), 1, 1).servers()).extracting(s -> s.key() + " " + s.url())
                .containsExactly("blue/a http://a.internal:80", "blue/b http://b.internal:80", "green/a http://a.internal:80");
    }

    private WeightedBalancer weighted(Optional<StickyCookieSpec> sticky, int blueWeight, int greenWeight) {
        return new WeightedBalancer("canary",
                List.of(new WeightedChild(blue, blueWeight), new WeightedChild(green, greenWeight)), sticky);
    }

    private static Map<String, Integer> serviceCounts(ServiceBalancer balancer, int picks) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < picks; i++) {
            counts.merge(balancer.pick().orElseThrow().key().service(), 1, Integer::sum);
        }
        return counts;
    }

    private static List<String> sequence(ServiceBalancer balancer, int picks) {
        return java.util.stream.IntStream.range(0, picks)
                .mapToObj(i -> balancer.pick().orElseThrow().key().service()).toList();
    }
}
