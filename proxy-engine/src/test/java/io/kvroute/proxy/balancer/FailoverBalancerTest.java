package io.kvroute.proxy.balancer;

import static org.assertj.core.api.Assertions.assertThat;

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
        FailoverBalancer failover = new FailoverBalancer("f", primary, spare);
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
}
