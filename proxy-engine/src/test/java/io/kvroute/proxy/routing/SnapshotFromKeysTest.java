package io.kvroute.proxy.routing;

import static io.kvroute.proxy.routing.FakeRequest.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.config.ConfigDecoder;
import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.kv.config.LayoutChoice;
import io.kvroute.kv.store.KvPair;
import io.kvroute.proxy.balancer.Pick;
import io.kvroute.proxy.balancer.UsabilityView;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Keys as the agent writes them, through the real decoder, into a snapshot. */
class SnapshotFromKeysTest {
    @Test
    void decodedKeysRouteAndReportBrokenEntities() {
        DecodedConfig config = ConfigDecoder.decode(List.of(
                KvPair.of("traefik/http/routers/shop/rule", "Host(`shop.example.com`)"),
                KvPair.of("traefik/http/routers/shop/service", "shop"),
                KvPair.of("traefik/http/routers/shop/entryPoints/0", "web"),
                KvPair.of("traefik/http/services/shop/loadBalancer/servers/h-node1-shop-1-8080/url", "http://10.0.0.1:8080"),
                KvPair.of("traefik/http/services/shop/loadBalancer/servers/h-node1-shop-1-8080/weight", "3"),
                KvPair.of("traefik/http/services/shop/loadBalancer/servers/h-node2-shop-1-8080/url", "http://10.0.0.2:8080"),
                KvPair.of("traefik/http/routers/ghost/rule", "Host(`ghost.example.com`)"),
                KvPair.of("traefik/http/routers/ghost/service", "nowhere"),
                KvPair.of("/traefik/frontends/legacy/backend", "old"),
                KvPair.of("/traefik/frontends/legacy/routes/main/rule", "Host:old.example.com;PathPrefixStrip:/app"),
                KvPair.of("/traefik/backends/old/servers/one/url", "http://10.0.0.9:80")),
                "traefik", LayoutChoice.AUTO);
        RoutingSnapshot snapshot = new SnapshotBuilder(Set.of("web"), UsabilityView.allUp(), Clock.systemUTC())
                .build(config, new ConfigVersion(7, Instant.EPOCH), RoutingSnapshot.empty());

        RouteMatch shop = snapshot.route(get("Shop.Example.com:80", "/"), "web", false).orElseThrow();
        List<String> picks = List.of(pick(shop), pick(shop), pick(shop), pick(shop));
        assertThat(picks).containsExactly("http://10.0.0.1:8080", "http://10.0.0.1:8080", "http://10.0.0.2:8080",
                "http://10.0.0.1:8080");
        RouteMatch legacy = snapshot.route(get("old.example.com", "/app/x"), "web", false).orElseThrow();
        assertThat(legacy.rewrites().apply("/app/x").path()).isEqualTo("/x");
        assertThat(snapshot.route(get("ghost.example.com", "/"), "web", false)).isEmpty();
        assertThat(snapshot.exclusions()).extracting(Exclusion::toLine)
                .containsExactly("router ghost: traefik/http/routers/ghost/service: service nowhere does not exist");
    }

    /**
     * Keys Traefik accepts and ignores leave their entities routed; a field Traefik applies without showing it
     * (a router's defaultRule, a weighted service's fixed status) keeps its entity out of routing with the reason.
     */
    @Test
    void ignoredKeysRouteAndFieldsKvrouteDoesNotApplyLeaveTheirRoutersOut() {
        DecodedConfig config = ConfigDecoder.decode(List.of(
                KvPair.of("traefik/http/routers/shop/rule", "Host(`shop.example.com`)"),
                KvPair.of("traefik/http/routers/shop/service", "shop"),
                KvPair.of("traefik/http/services/shop/loadBalancer/servers/0/url", "http://10.0.0.1:8080"),
                KvPair.of("traefik/http/services/shop/loadBalancer/servers/0/port", "9090"),
                KvPair.of("traefik/http/services/shop/loadBalancer/servers/0/scheme", "https"),
                KvPair.of("traefik/http/routers/loop/rule", "Host(`loop.example.com`)"),
                KvPair.of("traefik/http/routers/loop/service", "shop"),
                KvPair.of("traefik/http/routers/loop/defaultRule", "true"),
                KvPair.of("traefik/http/routers/gone/rule", "Host(`gone.example.com`)"),
                KvPair.of("traefik/http/routers/gone/service", "fixed"),
                KvPair.of("traefik/http/services/fixed/weighted/services/0/name", "shop"),
                KvPair.of("traefik/http/services/fixed/weighted/services/0/status", "410")),
                "traefik", LayoutChoice.AUTO);
        RoutingSnapshot snapshot = new SnapshotBuilder(Set.of("web"), UsabilityView.allUp(), Clock.systemUTC())
                .build(config, new ConfigVersion(8, Instant.EPOCH), RoutingSnapshot.empty());

        RouteMatch shop = snapshot.route(get("shop.example.com", "/"), "web", false).orElseThrow();
        assertThat(pick(shop)).isEqualTo("http://10.0.0.1:8080");
        assertThat(config.model().routers().keySet()).containsExactlyInAnyOrder("shop", "loop", "gone");
        assertThat(snapshot.route(get("loop.example.com", "/"), "web", false)).isEmpty();
        assertThat(snapshot.route(get("gone.example.com", "/"), "web", false)).isEmpty();
        assertThat(snapshot.exclusions()).extracting(Exclusion::toLine).containsExactlyInAnyOrder(
                "router loop: traefik/http/routers/loop/defaultRule: Router defaultRule is applied by Traefik (its "
                        + "JSON does not show it) but not by kvroute",
                "router gone: service fixed is unusable: traefik/http/services/fixed/weighted/services/0/status: "
                        + "WRRService status is applied by Traefik (its JSON does not show it) but not by kvroute",
                "service fixed: traefik/http/services/fixed/weighted/services/0/status: WRRService status is applied "
                        + "by Traefik (its JSON does not show it) but not by kvroute");
    }

    private static String pick(RouteMatch match) {
        Pick pick = match.balancer().pick().orElseThrow();
        return pick.server().uri().toString();
    }
}
