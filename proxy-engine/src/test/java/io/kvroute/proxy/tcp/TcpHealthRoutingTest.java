package io.kvroute.proxy.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.config.ConfigDecoder;
import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.kv.config.LayoutChoice;
import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.model.TcpHealthCheck;
import io.kvroute.kv.store.KvPair;
import io.kvroute.proxy.balancer.ServerKey;
import io.kvroute.proxy.balancer.ServerUsability;
import io.kvroute.proxy.balancer.UsabilityView;
import io.kvroute.proxy.health.ProbeTarget;
import io.kvroute.proxy.routing.Exclusion;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * What a TCP {@code healthCheck} changes in the TCP routing: the servers named to the health checker, pickers that skip
 * DOWN servers, and weighted services with {@code healthCheck} that skip children with no usable server.
 */
class TcpHealthRoutingTest {
    /** The servers held DOWN; every other one is UP. */
    private final Set<ServerKey> down = ConcurrentHashMap.newKeySet();
    private final TcpRoutingBuilder builder = new TcpRoutingBuilder(Set.of("web"), "memory", new UsabilityView() {
        @Override
        public ServerUsability usability(ServerKey server) {
            return down.contains(server) ? ServerUsability.DOWN : ServerUsability.UP;
        }

        @Override
        public boolean isDrained(ServerKey server) {
            return false;
        }
    });

    private TcpRouting build(String... keyValues) {
        List<KvPair> pairs = new ArrayList<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            pairs.add(KvPair.of("traefik/tcp/" + keyValues[i], keyValues[i + 1]));
        }
        DecodedConfig decoded = ConfigDecoder.decode(pairs, "traefik", LayoutChoice.AUTO);
        return builder.build(decoded, Map.of(), Set.of(), name -> Optional.empty(), TcpRouting.empty());
    }

    private static List<String> picks(TcpRouting routing, int count) throws Exception {
        TcpServicePicker picker = routing.table("web").orElseThrow()
                .plainRoute(TcpConnectionFacts.plain(InetAddress.getLoopbackAddress())).orElseThrow()
                .target().service();
        List<String> picked = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            picked.add(picker.pick().map(TcpDial::address).orElse("none"));
        }
        return picked;
    }

    @Test
    void aCheckedLoadBalancerNamesEachAddressOnceToTheChecker() {
        TcpRouting routing = build(
                "routers/db/rule", "HostSNI(`*`)", "routers/db/service", "db",
                "services/db/loadBalancer/servers/0/address", "127.0.0.1:5001",
                "services/db/loadBalancer/servers/1/address", "127.0.0.1:5002",
                "services/db/loadBalancer/servers/2/address", "127.0.0.1:5002",
                "services/db/loadBalancer/healthCheck/send", "PING",
                "services/db/loadBalancer/healthCheck/expect", "PONG",
                "services/db/loadBalancer/healthCheck/interval", "2s",
                "services/plain/loadBalancer/servers/0/address", "127.0.0.1:5003");

        TcpHealthCheck check = new TcpHealthCheck(OptionalInt.empty(), "PING", "PONG", Duration.ofSeconds(2),
                Optional.empty(), TcpHealthCheck.DEFAULT_TIMEOUT);
        assertThat(routing.exclusions()).isEmpty();
        assertThat(routing.probeTargets()).containsOnlyKeys("tcp/db");
        assertThat(routing.probeTargets().get("tcp/db")).containsExactlyInAnyOrder(
                ProbeTarget.tcp(TcpServerKeys.of("db", "127.0.0.1:5001"), "127.0.0.1:5001", check),
                ProbeTarget.tcp(TcpServerKeys.of("db", "127.0.0.1:5002"), "127.0.0.1:5002", check));
    }

    @Test
    void onlyLoadBalancersAServedRouterReachesAreChecked() {
        List<String> keys = new ArrayList<>(List.of(
                "routers/served/rule", "HostSNI(`*`)", "routers/served/service", "both",
                "routers/left/rule", "HostSNI(`*`)", "routers/left/service", "unreached",
                "routers/left/middlewares/0", "missing",
                "services/both/weighted/services/0/name", "inner"));
        for (String lb : List.of("inner", "unreached", "idle")) {
            keys.addAll(List.of("services/" + lb + "/loadBalancer/servers/0/address", "127.0.0.1:5001",
                    "services/" + lb + "/loadBalancer/healthCheck/interval", "2s"));
        }
        TcpRouting routing = build(keys.toArray(String[]::new));

        assertThat(routing.exclusions()).extracting(Exclusion::entity).containsExactly(EntityRef.tcpRouter("left"));
        assertThat(routing.probeTargets()).containsOnlyKeys("tcp/inner");
    }

    @Test
    void aDownServerIsSkippedAndWithAllDownTheConnectionHasNoServer() throws Exception {
        TcpRouting routing = build(
                "routers/db/rule", "HostSNI(`*`)", "routers/db/service", "db",
                "services/db/loadBalancer/servers/0/address", "127.0.0.1:5001",
                "services/db/loadBalancer/servers/1/address", "127.0.0.1:5002",
                "services/db/loadBalancer/healthCheck", "");

        assertThat(picks(routing, 4)).containsExactly("127.0.0.1:5001", "127.0.0.1:5002", "127.0.0.1:5001",
                "127.0.0.1:5002");
        down.add(TcpServerKeys.of("db", "127.0.0.1:5001"));
        assertThat(picks(routing, 3)).containsOnly("127.0.0.1:5002");
        down.add(TcpServerKeys.of("db", "127.0.0.1:5002"));
        assertThat(picks(routing, 2)).containsOnly("none");
    }

    @Test
    void aWeightedServiceWithHealthCheckSkipsAChildWithNoUsableServer() throws Exception {
        String[] keys = {
                "routers/all/rule", "HostSNI(`*`)", "routers/all/service", "both",
                "services/both/weighted/services/0/name", "a",
                "services/both/weighted/services/1/name", "b",
                "services/a/loadBalancer/servers/0/address", "127.0.0.1:5001",
                "services/a/loadBalancer/healthCheck", "",
                "services/b/loadBalancer/servers/0/address", "127.0.0.1:5002",
                "services/b/loadBalancer/healthCheck", ""};
        List<String> checked = new ArrayList<>(List.of(keys));
        checked.addAll(List.of("services/both/weighted/healthCheck", ""));
        TcpRouting withHealth = build(checked.toArray(String[]::new));
        TcpRouting withoutHealth = build(keys);

        down.add(TcpServerKeys.of("a", "127.0.0.1:5001"));

        assertThat(picks(withHealth, 4)).containsOnly("127.0.0.1:5002");
        assertThat(picks(withoutHealth, 4)).containsExactly("none", "127.0.0.1:5002", "none", "127.0.0.1:5002");
    }

    @Test
    void aWeightedServiceWithHealthCheckNeedsItOnEveryChild() {
        TcpRouting routing = build(
                "routers/all/rule", "HostSNI(`*`)", "routers/all/service", "both",
                "services/both/weighted/services/0/name", "a",
                "services/both/weighted/services/1/name", "b",
                "services/both/weighted/healthCheck", "",
                "services/a/loadBalancer/servers/0/address", "127.0.0.1:5001",
                "services/a/loadBalancer/healthCheck", "",
                "services/b/loadBalancer/servers/0/address", "127.0.0.1:5002");

        assertThat(routing.exclusions()).extracting(Exclusion::entity)
                .containsExactlyInAnyOrder(EntityRef.tcpRouter("all"), EntityRef.tcpService("both"));
        assertThat(routing.exclusions()).filteredOn(e -> e.entity().equals(EntityRef.tcpService("both")))
                .singleElement().extracting(Exclusion::reasons).asList().containsExactly("weighted/healthCheck: child service b "
                + "(weighted/services/1) has no healthCheck (expected: every child reports its health, as Traefik "
                + "requires)");
    }
}
