package io.kvroute.proxy.balancer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Traefik's p2c and hrw strategies of a load-balanced service. */
class BalancingStrategyTest {
    private final UsabilityBoard board = new UsabilityBoard();

    @Test
    void p2cSendsToTheServerWithFewerRequestsInFlight() {
        ServerBalancer balancer = balancer(BalancingStrategy.P2C, Optional.empty(), 1, 1);
        Pick first = balancer.pick().orElseThrow();
        List<String> next = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Pick pick = balancer.pick().orElseThrow();
            next.add(pick.key().serverId());
            pick.inFlight().end();
        }
        assertThat(next).as("a and b drawn, one has a request in flight").allMatch(id -> !id.equals(
                first.key().serverId()));

        first.inFlight().end();
        first.inFlight().end();
        assertThat(balancer.inFlight(0) + balancer.inFlight(1)).as("ending twice counts once").isZero();
    }

    @Test
    void p2cSpreadsRequestsInFlightEvenlyAndSkipsDrainedAndDownServers() {
        ServerBalancer balancer = balancer(BalancingStrategy.P2C, Optional.empty(), 5, 1, 1, 0);
        board.set(balancer.servers().get(2).key(), ServerUsability.DOWN);
        Map<String, Integer> inFlight = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            inFlight.merge(balancer.pick().orElseThrow().key().serverId(), 1, Integer::sum);
        }
        assertThat(inFlight).as("p2c ignores weights but drains weight 0, as kvroute's agents drain")
                .containsOnlyKeys("a", "b");
        assertThat(inFlight.get("a")).isBetween(19, 21);
    }

    @Test
    void p2cKeepsStickyCookies() {
        StickyCookieSpec cookie = new StickyCookieSpec("srv", false, false, Optional.empty(), OptionalInt.empty(),
                "/", Optional.empty());
        ServerBalancer balancer = balancer(BalancingStrategy.P2C, Optional.of(cookie), 1, 1);
        Pick pinned = balancer.pick(Set.of(), Requests.cookie("srv", PinHash.of("http://b.internal:80")))
                .orElseThrow();
        assertThat(pinned.key().serverId()).isEqualTo("b");
        assertThat(pinned.cookiesToSet()).isEmpty();
        assertThat(balancer.pick().orElseThrow().cookiesToSet()).hasSize(1);
    }

    @Test
    void hrwScoreIsTraefiksFnv1aRendezvousScore() {
        assertThat(RendezvousHash.score(new byte[0], "a".getBytes(UTF_8), 1)).isCloseTo(2.644348917554218,
                within(1e-12));
        assertThat(RendezvousHash.score("10.0.0.1".getBytes(UTF_8), "http://a.internal:80".getBytes(UTF_8), 3))
                .isCloseTo(5.929488805830523, within(1e-12));
    }

    @Test
    void hrwKeepsAClientOnOneServerAndMovesOnlyTheClientsOfAServerThatGoesDown() {
        ServerBalancer balancer = balancer(BalancingStrategy.HRW, Optional.empty(), 1, 1, 1);
        Map<String, String> before = new HashMap<>();
        for (int i = 1; i <= 90; i++) {
            String client = "10.0.0." + i;
            String server = balancer.pick(Set.of(), Requests.from(client)).orElseThrow().key().serverId();
            assertThat(balancer.pick(Set.of(), Requests.from(client)).orElseThrow().key().serverId())
                    .isEqualTo(server);
            before.put(client, server);
        }
        assertThat(before.values()).contains("a", "b", "c");

        board.set(balancer.servers().get(0).key(), ServerUsability.DOWN);
        before.forEach((client, server) -> {
            String now = balancer.pick(Set.of(), Requests.from(client)).orElseThrow().key().serverId();
            if (server.equals("a")) {
                assertThat(now).isIn("b", "c");
            } else {
                assertThat(now).as(client).isEqualTo(server);
            }
        });
    }

    @Test
    void hrwHasNoStickyCookieAsInTraefik() {
        StickyCookieSpec cookie = new StickyCookieSpec("srv", false, false, Optional.empty(), OptionalInt.empty(),
                "/", Optional.empty());
        ServerBalancer balancer = balancer(BalancingStrategy.HRW, Optional.of(cookie), 1, 1);
        assertThat(balancer.sticky()).isEmpty();
        assertThat(balancer.pick(Set.of(), Requests.from("192.0.2.7")).orElseThrow().cookiesToSet()).isEmpty();
    }

    private ServerBalancer balancer(BalancingStrategy strategy, Optional<StickyCookieSpec> sticky, long... weights) {
        ServerBalancer.Spec spec = new ServerBalancer.Spec("web", Servers.weighted("web", weights), true, sticky,
                Optional.empty(), strategy);
        return new ServerBalancer(spec, board, Clock.systemUTC(), new Random(7)::nextLong);
    }
}
