package io.kvroute.proxy.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.proxy.middleware.HttpCodeRanges;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Traefik's failover: the fallback serves while the main service is down, the main service again once it is up. */
class FailoverBalancerTest {
    @Test
    void failoverServesTheFallbackWhileTheMainServiceHasNoUsableServer() {
        UsabilityBoard board = new UsabilityBoard();
        ServerBalancer primary = Servers.balancer(board, java.time.Clock.systemUTC(), "primary", 1, 1);
        ServerBalancer spare = Servers.balancer(board, java.time.Clock.systemUTC(), "spare", 1);
        FailoverBalancer failover = new FailoverBalancer("f", primary, spare, Optional.empty());
        assertThat(failover.pick().orElseThrow().key().service()).isEqualTo("primary");

        primary.servers().forEach(server -> board.set(server.key(), ServerUsability.DOWN));
        assertThat(failover.pick().orElseThrow().key().service()).isEqualTo("spare");
        assertThat(failover.hasUsableServer(Set.of())).isTrue();

        board.set(primary.servers().get(1).key(), ServerUsability.UP);
        assertThat(failover.pick().map(Pick::key)).contains(primary.servers().get(1).key());

        primary.servers().forEach(server -> board.set(server.key(), ServerUsability.DOWN));
        spare.servers().forEach(server -> board.set(server.key(), ServerUsability.DOWN));
        assertThat(failover.pick()).isEqualTo(Optional.empty());
    }

    @Test
    void withErrorsAPickFromTheMainServiceNamesTheFailoverAndARequestThatFellBackGoesToTheFallback() {
        UsabilityBoard board = new UsabilityBoard();
        ServerBalancer primary = Servers.balancer(board, java.time.Clock.systemUTC(), "primary", 1);
        ServerBalancer spare = Servers.balancer(board, java.time.Clock.systemUTC(), "spare", 1);
        FailoverErrors errors = new FailoverErrors(HttpCodeRanges.parse(List.of("500-599")).orElseThrow(), -1);
        FailoverBalancer inner = new FailoverBalancer("inner", primary, spare, Optional.of(errors));
        FailoverBalancer outer = new FailoverBalancer("outer", inner, spare, Optional.of(errors));

        Pick first = outer.pick(Set.of(), BalancedRequest.NONE).orElseThrow();
        assertThat(first.key().service()).isEqualTo("primary");
        assertThat(first.statusFailovers()).containsExactly(inner, outer);

        Pick fellBack = inner.pickFallback(Set.of(), Set.of(), BalancedRequest.NONE, List.of(outer)).orElseThrow();
        assertThat(fellBack.key().service()).isEqualTo("spare");
        assertThat(fellBack.statusFailovers()).as("the failovers around the one that fell back").containsExactly(outer);
        assertThat(errors.fallsBack(503)).isTrue();
        assertThat(errors.fallsBack(404)).isFalse();
        assertThat(FailoverBalancer.statusFailovers(outer)).isEqualTo(2);
        assertThat(FailoverBalancer.statusFailovers(new RendezvousBalancer("hrw",
                List.of(new RendezvousChild("outer", outer, 1), new RendezvousChild("primary", primary, 1)))))
                .as("the failovers under a highestRandomWeight service").isEqualTo(2);

        spare.servers().forEach(server -> board.set(server.key(), ServerUsability.DOWN));
        assertThat(inner.pickFallback(Set.of(), Set.of(), BalancedRequest.NONE, List.of()))
                .as("no usable fallback: Traefik's 503").isEmpty();
        ServerBalancer last = Servers.balancer(board, java.time.Clock.systemUTC(), "last", 1);
        FailoverBalancer around = new FailoverBalancer("around", inner, last, Optional.of(errors));
        assertThat(inner.pickFallback(Set.of(), Set.of(), BalancedRequest.NONE, List.of(around)).orElseThrow().key()
                .service())
                .as("the inner failover's 503 is an answer the failover around it falls back on").isEqualTo("last");
    }

    @Test
    void aRetryWhoseMainServersWereAllTriedFindsNoServerWhileTheMainServiceIsUpWithOrWithoutErrors() {
        UsabilityBoard board = new UsabilityBoard();
        ServerBalancer primary = Servers.balancer(board, java.time.Clock.systemUTC(), "primary", 1);
        ServerBalancer spare = Servers.balancer(board, java.time.Clock.systemUTC(), "spare", 1, 1);
        FailoverErrors errors = new FailoverErrors(HttpCodeRanges.parse(List.of("500")).orElseThrow(), -1);
        Set<ServerKey> tried = Set.of(primary.servers().get(0).key(), spare.servers().get(0).key());

        for (Optional<FailoverErrors> withOrWithout : List.of(Optional.of(errors), Optional.<FailoverErrors>empty())) {
            FailoverBalancer failover = new FailoverBalancer("f", primary, spare, withOrWithout);
            assertThat(failover.pick(tried, BalancedRequest.NONE))
                    .as("the main service serves while it is up; its fallback only after its answer").isEmpty();
            assertThat(failover.hasUsableServer(tried)).as("so an answer is not dropped for a retry").isFalse();
        }
        primary.servers().forEach(server -> board.set(server.key(), ServerUsability.DOWN));
        assertThat(new FailoverBalancer("f", primary, spare, Optional.of(errors)).pick(tried, BalancedRequest.NONE)
                .map(Pick::key)).as("a main service that is down: the fallback serves")
                .contains(spare.servers().get(1).key());
    }

    @Test
    void aFallbackWhoseServersWereTriedInAnEarlierAttemptIsPickedAgainNeverSkippedToTheFailoverAroundIt() {
        UsabilityBoard board = new UsabilityBoard();
        ServerBalancer primary = Servers.balancer(board, java.time.Clock.systemUTC(), "primary", 1);
        ServerBalancer nestedMain = Servers.balancer(board, java.time.Clock.systemUTC(), "nestedMain", 1);
        ServerBalancer nestedSpare = Servers.balancer(board, java.time.Clock.systemUTC(), "nestedSpare", 1);
        ServerBalancer last = Servers.balancer(board, java.time.Clock.systemUTC(), "last", 1);
        FailoverErrors errors = new FailoverErrors(HttpCodeRanges.parse(List.of("500-599")).orElseThrow(), -1);
        FailoverBalancer nested = new FailoverBalancer("nested", nestedMain, nestedSpare, Optional.of(errors));
        FailoverBalancer inner = new FailoverBalancer("inner", primary, nested, Optional.of(errors));
        FailoverBalancer outer = new FailoverBalancer("outer", inner, last, Optional.of(errors));
        ServerKey nestedMainServer = nestedMain.servers().get(0).key();
        Set<ServerKey> tried = Set.of(primary.servers().get(0).key(), nestedMainServer);

        Pick again = inner.pickFallback(tried, Set.of(primary.servers().get(0).key()), BalancedRequest.NONE,
                List.of(outer)).orElseThrow();

        assertThat(again.key()).as("the nested failover's main service first, tried in an earlier attempt or not")
                .isEqualTo(nestedMainServer);
        assertThat(again.statusFailovers()).containsExactly(nested, outer);
        assertThat(inner.pickFallback(tried, tried, BalancedRequest.NONE, List.of(outer)))
                .as("tried in this attempt: none, not the fallback of the failover around it").isEmpty();
    }
}
