package io.kvroute.proxy.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.config.ConfigDecoder;
import io.kvroute.kv.config.LayoutChoice;
import io.kvroute.kv.store.KvPair;
import io.kvroute.proxy.balancer.BalancingStrategy;
import io.kvroute.proxy.balancer.FailoverBalancer;
import io.kvroute.proxy.balancer.FailoverErrors;
import io.kvroute.proxy.balancer.MirroringBalancer;
import io.kvroute.proxy.balancer.RendezvousBalancer;
import io.kvroute.proxy.balancer.ServerBalancer;
import io.kvroute.proxy.balancer.UsabilityView;
import io.kvroute.proxy.middleware.HttpCodeRanges;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Mirroring, failover and weighted services with health checks, and load balancer strategies, from Traefik keys
 * through the real decoder: what kvroute serves, and what it leaves out with the key's service named (fail closed).
 */
class CompositeServicesFromKeysTest {
    private final Map<String, String> keys = new LinkedHashMap<>();

    @Test
    void mirroringFailoverAndStrategiesAreServedWithTheirSettings() {
        server("main", "http://10.0.0.1:80").server("spare", "http://10.0.0.2:80")
                .server("shadow", "http://10.0.0.3:80");
        put("services/main/loadBalancer/healthCheck/path", "/health");
        put("services/main/loadBalancer/strategy", "p2c");
        put("services/shadow/loadBalancer/strategy", "hrw");
        put("services/spare/loadBalancer/strategy", "leasttime");
        put("services/m/mirroring/service", "main");
        put("services/m/mirroring/mirrors/0/name", "shadow");
        put("services/m/mirroring/mirrors/0/percent", "25");
        put("services/m/mirroring/maxBodySize", "1024");
        put("services/f/failover/service", "main");
        put("services/f/failover/fallback", "spare");
        put("services/e/failover/service", "spare");
        put("services/e/failover/fallback", "main");
        put("services/e/failover/errors/status/0", "502-504");
        put("services/e/failover/errors/status/1", "429");
        put("services/e/failover/errors/maxRequestBodyBytes", "4096");
        routers("m", "f", "e");

        RoutingSnapshot snapshot = build();

        assertThat(snapshot.exclusions()).isEmpty();
        MirroringBalancer mirroring = (MirroringBalancer) snapshot.balancers().balancer("m").orElseThrow();
        assertThat(mirroring.main().service()).isEqualTo("main");
        assertThat(mirroring.mirrors()).extracting(mirror -> mirror.balancer().service() + "=" + mirror.percent())
                .containsExactly("shadow=25");
        assertThat(mirroring.body()).isEqualTo(new MirroringBalancer.Body(true, 1024));
        FailoverBalancer failover = (FailoverBalancer) snapshot.balancers().balancer("f").orElseThrow();
        assertThat(failover.fallback().service()).isEqualTo("spare");
        assertThat(((ServerBalancer) failover.main()).spec().strategy()).isEqualTo(BalancingStrategy.P2C);
        assertThat(((ServerBalancer) mirroring.mirrors().get(0).balancer()).spec().strategy())
                .isEqualTo(BalancingStrategy.HRW);
        assertThat(((ServerBalancer) failover.fallback()).spec().strategy()).isEqualTo(BalancingStrategy.LEASTTIME);
        assertThat(failover.errors()).isEmpty();
        FailoverBalancer onErrors = (FailoverBalancer) snapshot.balancers().balancer("e").orElseThrow();
        assertThat(onErrors.errors()).as("errors need no health check on the main service spare").contains(
                new FailoverErrors(HttpCodeRanges.parse(List.of("502-504", "429")).orElseThrow(), 4096));
    }

    @Test
    void whatKvrouteDoesNotApplyLeavesTheRouterOutNamingTheService() {
        server("plain", "http://10.0.0.1:80").server("checked", "http://10.0.0.2:80");
        put("services/checked/loadBalancer/healthCheck/path", "/health");
        put("services/least/loadBalancer/servers/0/url", "http://10.0.0.3:80");
        put("services/least/loadBalancer/strategy", "LeastTime");
        put("services/passive/loadBalancer/servers/0/url", "http://10.0.0.4:80");
        put("services/passive/loadBalancer/passiveHealthCheck/failureWindow", "-1s");
        put("services/on-errors/failover/service", "checked");
        put("services/on-errors/failover/fallback", "plain");
        put("services/on-errors/failover/errors/status/0", "5xx");
        put("services/unchecked-main/failover/service", "plain");
        put("services/unchecked-main/failover/fallback", "checked");
        put("services/health/weighted/services/0/name", "checked");
        put("services/health/weighted/services/1/name", "plain");
        put("services/health/weighted/healthCheck", "");
        put("services/too-much/mirroring/service", "plain");
        put("services/too-much/mirroring/mirrors/0/name", "checked");
        put("services/too-much/mirroring/mirrors/0/percent", "101");
        put("services/negative/highestRandomWeight/services/0/name", "plain");
        put("services/negative/highestRandomWeight/services/0/weight", "-1");
        put("services/unchecked-hrw/highestRandomWeight/services/0/name", "checked");
        put("services/unchecked-hrw/highestRandomWeight/services/1/name", "plain");
        put("services/unchecked-hrw/highestRandomWeight/healthCheck", "");
        routers("least", "passive", "on-errors", "unchecked-main", "health", "too-much", "negative", "unchecked-hrw");

        List<String> lines = build().exclusions().stream().map(Exclusion::toLine)
                .filter(line -> line.startsWith("service ")).toList();

        assertThat(lines).containsExactly(
                "service health: healthCheck needs every child to report its health: service plain has no healthCheck",
                "service least: traefik/http/services/least/loadBalancer/strategy: expected one of hrw, leasttime, "
                        + "p2c, wrr",
                "service negative: highestRandomWeight services/0/weight: -1 (expected: >= 0)",
                "service on-errors: failover errors/status/0: 5xx (expected a status code or a range of them, such as "
                        + "503 or 500-599)",
                "service passive: passiveHealthCheck/failureWindow: -1s (expected a duration of 0 or more, such as 10s)",
                "service too-much: mirroring mirrors/0/percent: 101 (expected 0-100)",
                "service unchecked-hrw: healthCheck needs every child to report its health: service plain has no "
                        + "healthCheck",
                "service unchecked-main: failover needs the health of its service plain: service plain has no "
                        + "healthCheck");
        assertThat(build().routes()).isEmpty();
    }

    @Test
    void aWeightedServiceWithHealthCheckOverCheckedChildrenIsServed() {
        server("blue", "http://10.0.0.1:80").server("green", "http://10.0.0.2:80");
        put("services/blue/loadBalancer/healthCheck/path", "/health");
        put("services/green/loadBalancer/healthCheck/path", "/health");
        put("services/canary/weighted/services/0/name", "blue");
        put("services/canary/weighted/services/1/name", "green");
        put("services/canary/weighted/healthCheck", "");
        put("services/mirrored/mirroring/service", "canary");
        put("services/mirrored/mirroring/healthCheck", "");
        put("services/outer/weighted/services/0/name", "mirrored");
        put("services/outer/weighted/healthCheck", "");
        routers("outer");

        RoutingSnapshot snapshot = build();

        assertThat(snapshot.exclusions()).isEmpty();
        assertThat(snapshot.routes()).extracting(route -> route.match().balancer().service()).containsExactly("outer");
    }

    @Test
    void aHighestRandomWeightServiceIsServedOverItsChildrenByTheirConfiguredNamesAndWeights() {
        server("blue", "http://10.0.0.1:80").server("green", "http://10.0.0.2:80");
        put("services/blue/loadBalancer/healthCheck/path", "/health");
        put("services/green/loadBalancer/healthCheck/path", "/health");
        put("services/spread/highestRandomWeight/services/0/name", "blue");
        put("services/spread/highestRandomWeight/services/0/weight", "3");
        put("services/spread/highestRandomWeight/services/1/name", "green@etcd");
        put("services/spread/highestRandomWeight/healthCheck", "");
        routers("spread");

        RoutingSnapshot snapshot = build();

        assertThat(snapshot.exclusions()).isEmpty();
        RendezvousBalancer spread = (RendezvousBalancer) snapshot.balancers().balancer("spread").orElseThrow();
        assertThat(spread.children()).extracting(child -> child.name() + "=" + child.balancer().service() + "/"
                + child.weight()).containsExactly("blue=blue/3", "green@etcd=green/1");
    }

    private CompositeServicesFromKeysTest server(String service, String url) {
        return put("services/" + service + "/loadBalancer/servers/0/url", url);
    }

    private CompositeServicesFromKeysTest put(String key, String value) {
        keys.put("traefik/http/" + key, value);
        return this;
    }

    private void routers(String... services) {
        for (String service : services) {
            put("routers/" + service + "/rule", "Host(`" + service + ".test`)");
            put("routers/" + service + "/service", service);
        }
    }

    private RoutingSnapshot build() {
        List<KvPair> pairs = new ArrayList<>();
        keys.forEach((key, value) -> pairs.add(KvPair.of(key, value)));
        return new SnapshotBuilder(Set.of("web"), UsabilityView.allUp(), Clock.systemUTC()).build(
                ConfigDecoder.decode(pairs, "traefik", LayoutChoice.AUTO), new ConfigVersion(1, Instant.EPOCH),
                RoutingSnapshot.empty());
    }
}
