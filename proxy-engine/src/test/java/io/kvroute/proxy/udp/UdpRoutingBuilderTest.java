package io.kvroute.proxy.udp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.HostAndPort;
import io.kvroute.kv.config.ConfigDecoder;
import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.kv.config.LayoutChoice;
import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.store.KvPair;
import io.kvroute.proxy.routing.Exclusion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class UdpRoutingBuilderTest {
    private static final UdpRoutingBuilder BUILDER = new UdpRoutingBuilder(Set.of("dns", "game"));

    private static UdpRouting build(String... keyValues) {
        List<KvPair> pairs = new ArrayList<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            pairs.add(KvPair.of("traefik/udp/" + keyValues[i], keyValues[i + 1]));
        }
        DecodedConfig decoded = ConfigDecoder.decode(pairs, "traefik", LayoutChoice.AUTO);
        return BUILDER.build(decoded);
    }

    private static Map<EntityRef, String> reasons(UdpRouting routing) {
        return routing.exclusions().stream()
                .collect(Collectors.toMap(Exclusion::entity, e -> String.join("; ", e.reasons())));
    }

    private static List<String> picks(UdpRouting routing, String entryPoint, int count) {
        UdpServicePicker picker = routing.route(entryPoint).orElseThrow().service();
        return IntStream.range(0, count).mapToObj(i -> picker.pick().map(HostAndPort::toString).orElse("none"))
                .toList();
    }

    @Test
    void servesARouterOnEveryUdpEntryPointWhenItNamesNoneWithRoundRobinOverItsServers() {
        UdpRouting routing = build(
                "routers/r/service", "s",
                "services/s/loadBalancer/servers/0/address", "127.0.0.1:1",
                "services/s/loadBalancer/servers/1/address", "127.0.0.1:2");

        assertThat(routing.exclusions()).isEmpty();
        assertThat(routing.servedRouters()).containsExactly("r");
        assertThat(routing.route("game").orElseThrow().router()).isEqualTo("r");
        assertThat(picks(routing, "dns", 4)).containsExactly("127.0.0.1:1", "127.0.0.1:2", "127.0.0.1:1",
                "127.0.0.1:2");
    }

    @Test
    void weighsChildServicesAndNeverPicksWeightZero() {
        UdpRouting routing = build(
                "routers/r/service", "w", "routers/r/entryPoints/0", "dns",
                "services/w/weighted/services/0/name", "a", "services/w/weighted/services/0/weight", "3",
                "services/w/weighted/services/1/name", "b", "services/w/weighted/services/1/weight", "1",
                "services/w/weighted/services/2/name", "c", "services/w/weighted/services/2/weight", "0",
                "services/a/loadBalancer/servers/0/address", "127.0.0.1:1",
                "services/b/loadBalancer/servers/0/address", "127.0.0.1:2",
                "services/c/loadBalancer/servers/0/address", "127.0.0.1:3");

        List<String> picks = picks(routing, "dns", 8);
        assertThat(picks).filteredOn("127.0.0.1:1"::equals).hasSize(6);
        assertThat(picks).filteredOn("127.0.0.1:2"::equals).hasSize(2);
        assertThat(routing.route("game")).isEmpty();
    }

    @Test
    void theGreatestRouterNameServesAnEntryPointAndTheOthersAreLeftOutWithTheReason() {
        UdpRouting routing = build(
                "routers/alpha/service", "s", "routers/alpha/entryPoints/0", "dns",
                "routers/beta/service", "s", "routers/beta/entryPoints/0", "dns",
                "routers/beta/entryPoints/1", "game",
                "routers/gamma/service", "missing", "routers/gamma/entryPoints/0", "dns",
                "services/s/loadBalancer/servers/0/address", "127.0.0.1:1");

        assertThat(routing.route("dns").orElseThrow().router()).as("gamma does not build: beta is next")
                .isEqualTo("beta");
        assertThat(routing.route("game").orElseThrow().router()).isEqualTo("beta");
        Map<EntityRef, String> reasons = reasons(routing);
        assertThat(reasons.get(EntityRef.udpRouter("alpha"))).contains("dns (served by UDP router beta)");
        assertThat(reasons.get(EntityRef.udpRouter("gamma"))).contains("UDP service missing does not exist");
        assertThat(routing.servedRouters()).containsExactly("beta");
    }

    @Test
    void leavesOutRoutersOfOtherEntryPointsAndServicesWithBadAddressesNamingTheKey() {
        UdpRouting routing = build(
                "routers/web/service", "s", "routers/web/entryPoints/0", "web",
                "routers/bad/service", "bad", "routers/bad/entryPoints/0", "dns",
                "routers/nested/service", "w", "routers/nested/entryPoints/0", "game",
                "services/w/weighted/services/0/name", "bad",
                "services/s/loadBalancer/servers/0/address", "127.0.0.1:1",
                "services/bad/loadBalancer/servers/0/address", "127.0.0.1");

        Map<EntityRef, String> reasons = reasons(routing);
        assertThat(reasons.get(EntityRef.udpRouter("web"))).contains("are not UDP entry points of this proxy");
        assertThat(reasons.get(EntityRef.udpService("bad")))
                .isEqualTo("loadBalancer/servers/0/address: \"127.0.0.1\" (expected: host:port)");
        assertThat(reasons.get(EntityRef.udpRouter("bad"))).contains("loadBalancer/servers/0/address");
        assertThat(reasons.get(EntityRef.udpService("w"))).startsWith("weighted/services/0/name: ");
        assertThat(reasons.get(EntityRef.udpRouter("nested"))).contains("weighted/services/0/name");
        assertThat(routing.servedRouters()).isEmpty();
    }

    @Test
    void withoutUdpEntryPointsEveryRouterIsLeftOutSayingHowToAddOne() {
        UdpRouting routing = new UdpRoutingBuilder(Set.of()).build(ConfigDecoder.decode(List.of(
                KvPair.of("traefik/udp/routers/r/service", "s"),
                KvPair.of("traefik/udp/services/s/loadBalancer/servers/0/address", "127.0.0.1:1")),
                "traefik", LayoutChoice.AUTO));

        assertThat(reasons(routing).get(EntityRef.udpRouter("r"))).contains("--entrypoints.NAME.address=:PORT/udp");
    }
}
