package io.kvroute.proxy.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.kvroute.proxy.testing.MutableClock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServerBalancerTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final UsabilityBoard board = new UsabilityBoard();
    private final MutableClock clock = new MutableClock(NOW);

    @Test
    void downServerIsSkippedUntilUpAgain() {
        ServerBalancer balancer = Servers.balancer(board, clock, "web", 1, 1, 1);
        board.set(key(balancer, "b"), ServerUsability.DOWN);
        assertThat(Servers.sequence(balancer, 4)).isEqualTo("acac");
        board.set(key(balancer, "b"), ServerUsability.UP);
        assertThat(Servers.sequence(balancer, 3)).containsOnlyOnce("b");
    }

    @Test
    void ejectedServerReturnsWhenEjectionEnds() {
        ServerBalancer balancer = Servers.balancer(board, clock, "web", 1, 1);
        board.set(key(balancer, "a"), ServerUsability.ejectedUntil(NOW.plusSeconds(10)));
        assertThat(Servers.sequence(balancer, 3)).isEqualTo("bbb");
        clock.set(NOW.plusMillis(9_999));
        assertThat(balancer.hasUsableServer(Set.of(key(balancer, "b")))).isFalse();
        clock.set(NOW.plusSeconds(10));
        assertThat(balancer.hasUsableServer(Set.of(key(balancer, "b")))).isTrue();
        assertThat(SmoothWeightedRoundRobinTest.counts(balancer, 10)).containsExactlyInAnyOrderEntriesOf(
                Map.of("a", 5, "b", 5));
    }

    @Test
    void adminDrainOverridesWeightAndHealth() {
        ServerBalancer balancer = Servers.balancer(board, clock, "web", 5, 1);
        assertThat(board.drain(key(balancer, "a"))).isTrue();
        assertThat(Servers.sequence(balancer, 3)).isEqualTo("bbb");
        assertThat(board.undrain(key(balancer, "a"))).isTrue();
        assertThat(board.drainedServers()).isEmpty();
        assertThat(Servers.sequence(balancer, 6)).contains("a");
    }

    @Test
    void noUsableServerGivesEmptyPick() {
        ServerBalancer balancer = Servers.balancer(board, clock, "web", 1, 0);
        board.set(key(balancer, "a"), ServerUsability.DOWN);
        board.set(key(balancer, "b"), ServerUsability.DOWN);
        assertThat(balancer.pick()).isEmpty();
        assertThat(balancer.hasUsableServer(Set.of())).isFalse();
    }

    @Test
    void aServerDrainedByWeightGetsNothingWhileTheOtherCanServe() {
        ServerBalancer balancer = Servers.balancer(board, clock, "web", 1, 0);
        assertThat(Servers.sequence(balancer, 6)).isEqualTo("aaaaaa");
        assertThat(balancer.hasUndrainedServer(Set.of())).isTrue();
    }

    @Test
    void theOnlyServerDrainedStillServes() {
        ServerBalancer byWeight = Servers.balancer(board, clock, "web", 0);
        assertThat(Servers.sequence(byWeight, 3)).isEqualTo("aaa");
        assertThat(byWeight.hasUsableServer(Set.of())).isTrue();
        assertThat(byWeight.hasUndrainedServer(Set.of())).isFalse();

        ServerBalancer byOperator = Servers.balancer(board, clock, "api", 1);
        board.drain(key(byOperator, "a"));
        assertThat(Servers.sequence(byOperator, 3)).isEqualTo("aaa");
    }

    @Test
    void drainedServersServeOnlyWhileNoUndrainedOneIsUsable() {
        ServerBalancer balancer = Servers.balancer(board, clock, "web", 2, 0, 0);
        board.set(key(balancer, "a"), ServerUsability.DOWN);
        assertThat(Servers.sequence(balancer, 4)).isEqualTo("bcbc");
        board.set(key(balancer, "c"), ServerUsability.DOWN);
        assertThat(Servers.sequence(balancer, 2)).isEqualTo("bb");
        board.set(key(balancer, "a"), ServerUsability.UP);
        assertThat(Servers.sequence(balancer, 3)).isEqualTo("aaa");
        assertThat(balancer.pick(Set.of(key(balancer, "a")), BalancedRequest.NONE).orElseThrow().key().serverId())
                .isEqualTo("b");
    }

    @Test
    void aStickyCookieOfADrainedServerRepinsOnlyWhileAnotherCanServe() {
        ServerBalancer balancer = sticky(1, 1);
        board.drain(key(balancer, "a"));
        BalancedRequest pinnedA = cookies("route", PinHash.of("http://a.internal:80"));
        assertThat(balancer.pick(Set.of(), pinnedA).orElseThrow().key().serverId()).isEqualTo("b");
        board.set(key(balancer, "b"), ServerUsability.DOWN);
        assertThat(balancer.pick(Set.of(), pinnedA).orElseThrow().key().serverId()).isEqualTo("a");
    }

    @Test
    void excludeSetRetriesOnDifferentServer() {
        ServerBalancer balancer = Servers.balancer(board, clock, "web", 1, 1, 1);
        for (int i = 0; i < 6; i++) {
            Pick first = balancer.pick().orElseThrow();
            Pick retry = balancer.pick(Set.of(first.key()), BalancedRequest.NONE).orElseThrow();
            assertThat(retry.key()).isNotEqualTo(first.key());
        }
        Set<ServerKey> all = Set.of(key(balancer, "a"), key(balancer, "b"), key(balancer, "c"));
        assertThat(balancer.pick(all, BalancedRequest.NONE)).isEmpty();
    }

    @Test
    void stickyPickPinsNewServerAndFollowsValidCookie() {
        ServerBalancer balancer = sticky(1, 1, 1);
        Pick first = balancer.pick().orElseThrow();
        assertThat(first.key().serverId()).isEqualTo("a");
        assertThat(first.cookiesToSet()).containsExactly(new StickyPin(first.cookiesToSet().get(0).cookie(),
                PinHash.of("http://a.internal:80")));
        assertThat(first.cookiesToSet().get(0).setCookieHeader())
                .isEqualTo("route=" + PinHash.of("http://a.internal:80") + "; Path=/; HttpOnly");
        BalancedRequest pinnedToC = cookies("route", PinHash.of("http://c.internal:80"));
        for (int i = 0; i < 5; i++) {
            Pick pick = balancer.pick(Set.of(), pinnedToC).orElseThrow();
            assertThat(pick.key().serverId()).isEqualTo("c");
            assertThat(pick.cookiesToSet()).isEmpty();
        }
    }

    @Test
    void stickyCookieForDownServerRepins() {
        ServerBalancer balancer = sticky(1, 1, 1);
        board.set(key(balancer, "a"), ServerUsability.DOWN);
        Pick pick = balancer.pick(Set.of(), cookies("route", PinHash.of("http://a.internal:80"))).orElseThrow();
        assertThat(pick.key().serverId()).isEqualTo("b");
        assertThat(pick.cookiesToSet()).extracting(StickyPin::value).containsExactly(PinHash.of("http://b.internal:80"));
    }

    @Test
    void stickyCookieForDrainedOrUnknownServerRepins() {
        ServerBalancer balancer = sticky(0, 1, 1);
        Pick drained = balancer.pick(Set.of(), cookies("route", PinHash.of("http://a.internal:80"))).orElseThrow();
        assertThat(drained.key().serverId()).isEqualTo("b");
        assertThat(drained.cookiesToSet()).hasSize(1);
        Pick unknown = balancer.pick(Set.of(), cookies("route", "http://gone:80")).orElseThrow();
        assertThat(unknown.key().serverId()).isEqualTo("c");
        assertThat(unknown.cookiesToSet()).extracting(StickyPin::value).containsExactly(PinHash.of("http://c.internal:80"));
    }

    @Test
    void stickyCookieOfExcludedServerRepins() {
        ServerBalancer balancer = sticky(1, 1);
        Pick retry = balancer.pick(Set.of(key(balancer, "a")), cookies("route", PinHash.of("http://a.internal:80")))
                .orElseThrow();
        assertThat(retry.key().serverId()).isEqualTo("b");
    }

    @Test
    void specRejectsServerOfAnotherService() {
        assertThatThrownBy(() -> new ServerBalancer.Spec("web", Servers.weighted("api", 1), true, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("servers: api/a (http://a.internal:80) (expected: a server of service web)");
    }

    @Test
    void serversExposeStaticInfo() {
        ServerBalancer balancer = Servers.balancer("web", 3, 0);
        assertThat(balancer.servers()).extracting(BalancedServer::weight, BalancedServer::drained)
                .containsExactly(tuple(3L, false), tuple(0L, true));
        assertThat(balancer.service()).isEqualTo("web");
        assertThat(balancer.sticky()).isEmpty();
    }

    private ServerBalancer sticky(long... weights) {
        StickyCookieSpec cookie = new StickyCookieSpec("route", false, true, Optional.empty(), OptionalInt.empty(), "/",
                Optional.empty());
        return new ServerBalancer(new ServerBalancer.Spec("web", Servers.weighted("web", weights), true,
                Optional.of(cookie)), board, clock);
    }

    private static ServerKey key(ServerBalancer balancer, String id) {
        return balancer.servers().stream().map(BalancedServer::key).filter(k -> k.serverId().equals(id)).findFirst()
                .orElseThrow();
    }

    private static BalancedRequest cookies(String name, String value) {
        return Requests.cookie(name, value);
    }
}
