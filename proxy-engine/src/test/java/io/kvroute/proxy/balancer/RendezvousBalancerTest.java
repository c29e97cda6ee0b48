package io.kvroute.proxy.balancer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.proxy.testing.MutableClock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Traefik's highestRandomWeight service, after the cases of Traefik's own hrw_test.go. */
class RendezvousBalancerTest {
    private final UsabilityBoard board = new UsabilityBoard();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ServerBalancer first = Servers.balancer(board, clock, "first", 1);
    private final ServerBalancer second = Servers.balancer(board, clock, "second", 1);

    @Test
    void spreadsClientsByWeightAndKeepsEachOnOneChild() {
        RendezvousBalancer balancer = rendezvous(4, 1);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            String client = "10." + (i * 7 % 256) + "." + (i * 13 % 256) + "." + (i + 1);
            String service = service(balancer, client);
            assertThat(service(balancer, client)).as(client).isEqualTo(service);
            counts.merge(service, 1, Integer::sum);
        }
        assertThat(counts.get("first")).as("4 to 1, as Traefik's TestBalancer (80 +- 10)").isBetween(70, 90);
        assertThat(counts.get("second")).isBetween(10, 30);
    }

    @Test
    void hashesTheClientIpWithTheChildNameAsConfigured() {
        RendezvousBalancer balancer = rendezvous(1, 1);
        String client = "192.0.2.10";
        double firstScore = RendezvousHash.score(client.getBytes(UTF_8),
                "first".getBytes(UTF_8), 1);
        double secondScore = RendezvousHash.score(client.getBytes(UTF_8),
                "second".getBytes(UTF_8), 1);
        assertThat(service(balancer, client)).isEqualTo(firstScore > secondScore ? "first" : "second");
    }

    @Test
    void aZeroWeightChildGetsNothingAndWithoutChildrenNothingIsPicked() {
        RendezvousBalancer balancer = rendezvous(1, 0);
        for (int i = 1; i <= 20; i++) {
            assertThat(service(balancer, "10.0.0." + i)).isEqualTo("first");
        }
        assertThat(new RendezvousBalancer("empty", List.of()).pick()).isEmpty();
        assertThat(rendezvous(0, 0).pick(Set.of(), Requests.from("10.0.0.1"))).isEmpty();
    }

    @Test
    void onlyTheClientsOfAChildWithoutAUsableServerMoveAndComeBack() {
        RendezvousBalancer balancer = rendezvous(1, 1);
        Map<String, String> before = new HashMap<>();
        for (int i = 1; i <= 40; i++) {
            before.put("10.0.0." + i, service(balancer, "10.0.0." + i));
        }
        assertThat(before.values()).contains("first", "second");

        board.set(second.servers().get(0).key(), ServerUsability.DOWN);
        before.keySet().forEach(client -> assertThat(service(balancer, client)).isEqualTo("first"));
        assertThat(balancer.hasUsableServer(Set.of())).isTrue();

        board.set(second.servers().get(0).key(), ServerUsability.UP);
        before.forEach((client, service) -> assertThat(service(balancer, client)).as(client).isEqualTo(service));

        board.set(first.servers().get(0).key(), ServerUsability.DOWN);
        board.set(second.servers().get(0).key(), ServerUsability.DOWN);
        assertThat(balancer.pick(Set.of(), Requests.from("10.0.0.1"))).isEmpty();
        assertThat(balancer.hasUsableServer(Set.of())).isFalse();
    }

    @Test
    void excludedServersReachIntoChildrenAndThereIsNoStickyCookie() {
        RendezvousBalancer balancer = rendezvous(1, 1);
        for (int i = 1; i <= 10; i++) {
            Pick pick = balancer.pick(Set.of(first.servers().get(0).key()), Requests.from("10.0.0." + i))
                    .orElseThrow();
            assertThat(pick.key().service()).isEqualTo("second");
            assertThat(pick.cookiesToSet()).isEmpty();
        }
        assertThat(balancer.sticky()).isEmpty();
        assertThat(balancer.servers()).hasSize(2);
    }

    private RendezvousBalancer rendezvous(long firstWeight, long secondWeight) {
        return new RendezvousBalancer("hrw", List.of(new RendezvousChild("first", first, firstWeight),
                new RendezvousChild("second", second, secondWeight)));
    }

    private static String service(RendezvousBalancer balancer, String client) {
        return balancer.pick(Set.of(), Requests.from(client)).orElseThrow().key().service();
    }
}
