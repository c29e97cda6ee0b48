package io.kvroute.agent.discovery;

import static io.kvroute.agent.discovery.Outcomes.declared;
import static io.kvroute.agent.discovery.Outcomes.failed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvroute.agent.docker.AddressPolicy;
import io.kvroute.agent.registration.ServerRegistration;
import io.kvroute.kv.config.ConfigDecoder;
import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.kv.config.LayoutChoice;
import io.kvroute.kv.layout.Layout;
import io.kvroute.kv.layout.ServerId;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.rule.RuleSyntax;
import io.kvroute.kv.store.KvPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TransportLabelsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A container {@code name} exposing {@code port}, published on the host 10.0.0.1 as {@code 10000 + port}. */
    private static TestContainer container(String name, int port) {
        return TestContainer.named(name).network("bridge", "172.17.0.2").exposed(port)
                .publish(port, "0.0.0.0", 10000 + port);
    }

    private static Declaration declare(TestContainer container) {
        return declared(ContainerDiscovery.discover(container.build(),
                DiscoverySettings.defaults("node1", AddressPolicy.onHost("10.0.0.1"))));
    }

    private static EncodedDeclarations encode(Layout layout, Set<Origin> draining, Declaration... declarations) {
        return DeclarationEncoder.encode(List.of(declarations), BuildSettings.of("node1", layout, "traefik"), draining);
    }

    private static List<KvPair> allPairs(EncodedDeclarations encoded) {
        List<KvPair> pairs = new ArrayList<>(encoded.state().shared());
        encoded.state().servers().forEach(server -> pairs.addAll(server.pairs()));
        return pairs;
    }

    /** What {@code kv decode} prints for the pairs: Traefik's JSON, decoded by kv-model's decoder. */
    private static JsonNode decoded(EncodedDeclarations encoded, LayoutChoice layout) {
        DecodedConfig decoded = ConfigDecoder.decode(allPairs(encoded), "traefik", layout);
        assertThat(decoded.problems()).filteredOn(Problem::isError).isEmpty();
        return decoded.traefikJson();
    }

    private static Declaration postgres() {
        return declare(container("db", 5432)
                .label("traefik.tcp.routers.db.rule", "HostSNI(`db.example.com`)")
                .label("traefik.tcp.routers.db.entrypoints", "postgres")
                .label("traefik.tcp.routers.db.priority", "10")
                .label("traefik.tcp.routers.db.tls.passthrough", "true")
                .label("traefik.tcp.routers.db.middlewares", "lan,limit")
                .label("traefik.tcp.middlewares.lan.ipallowlist.sourcerange", "10.0.0.0/8,192.168.0.0/16")
                .label("traefik.tcp.middlewares.limit.inflightconn.amount", "10")
                .label("traefik.tcp.services.db.loadbalancer.server.port", "5432")
                .label("traefik.tcp.services.db.loadbalancer.proxyprotocol.version", "2")
                .label("traefik.tcp.services.db.loadbalancer.terminationdelay", "200"));
    }

    @Test
    void tcpLabelsAreWrittenWithAnOwnedServerAndReadBackAsTraefikJson() throws Exception {
        EncodedDeclarations encoded = encode(Layout.V3, Set.of(), postgres());

        assertThat(encoded.problems()).isEmpty();
        assertThat(encoded.state().servers()).containsExactly(new ServerRegistration(
                "traefik/tcp/services/db/loadBalancer/servers/node1--db-5432/", new ServerId("node1--db-5432"),
                List.of(KvPair.of("traefik/tcp/services/db/loadBalancer/servers/node1--db-5432/address",
                        "10.0.0.1:15432"))));
        assertThat(encoded.state().shared()).extracting(KvPair::key).noneMatch(key -> key.startsWith("traefik/http"));
        assertThat(decoded(encoded, LayoutChoice.V3).get("tcp")).isEqualTo(JSON.readTree("""
                {"routers": {"db": {"entryPoints": ["postgres"], "middlewares": ["lan", "limit"], "priority": 10,
                  "rule": "HostSNI(`db.example.com`)", "service": "db", "tls": {"passthrough": true}}},
                 "middlewares": {"lan": {"ipAllowList": {"sourceRange": ["10.0.0.0/8", "192.168.0.0/16"]}},
                   "limit": {"inFlightConn": {"amount": 10}}},
                 "services": {"db": {"loadBalancer": {"proxyProtocol": {"version": 2},
                   "servers": [{"address": "10.0.0.1:15432"}], "terminationDelay": 200}}}}
                """));
    }

    @Test
    void udpLabelsGiveTheContainersServiceToARouterWithoutService() throws Exception {
        Declaration dns = declare(container("dns", 8053).publishedUdp(53, 10053)
                .label("traefik.udp.routers.dns.entrypoints", "dns")
                .label("traefik.udp.services.resolver.loadbalancer.server.port", "53"));

        EncodedDeclarations encoded = encode(Layout.V2, Set.of(), dns);

        assertThat(encoded.problems()).isEmpty();
        assertThat(encoded.state().servers()).extracting(ServerRegistration::keyPrefix)
                .containsExactly("traefik/udp/services/resolver/loadBalancer/servers/node1--dns-53/");
        assertThat(decoded(encoded, LayoutChoice.V2)).isEqualTo(JSON.readTree("""
                {"udp": {"routers": {"dns": {"entryPoints": ["dns"], "service": "resolver"}},
                  "services": {"resolver": {"loadBalancer": {"servers": [{"address": "10.0.0.1:10053"}]}}}}}
                """));
    }

    @Test
    void aUdpServiceWithoutPortLabelUsesTheOnlyPublishedUdpPort() {
        Declaration dns = declare(container("dns", 8053).publishedUdp(53, 10053)
                .label("traefik.udp.routers.dns.entrypoints", "dns"));

        assertThat(dns.transport().servers()).containsExactly(new TransportServer("udp", "dns", "dns-53",
                "10.0.0.1:10053", false));
    }

    @Test
    void tcpServicesOfTwoNodesShareTheRouterAndOwnOneServerEach() {
        EncodedDeclarations one = encode(Layout.V3, Set.of(), postgres());
        EncodedDeclarations other = DeclarationEncoder.encode(List.of(postgres()),
                BuildSettings.of("node2", Layout.V3, "traefik"), Set.of());

        assertThat(other.state().shared()).isEqualTo(one.state().shared());
        assertThat(other.state().servers()).extracting(server -> server.id().value())
                .containsExactly("node2--db-5432");
    }

    @Test
    void aDrainingContainersTcpServiceIsLeftOutWithItsRouter() {
        Declaration db = postgres();

        EncodedDeclarations encoded = encode(Layout.V3, Set.of(db.origin()), db);

        assertThat(encoded.state().servers()).isEmpty();
        assertThat(encoded.state().shared()).extracting(KvPair::key)
                .noneMatch(key -> key.startsWith("traefik/tcp/routers") || key.startsWith("traefik/tcp/services"));
    }

    @Test
    void theV1LayoutRefusesTcpLabelsNamingTheLabel() {
        EncodedDeclarations encoded = encode(Layout.V1, Set.of(), postgres());

        assertThat(encoded.state().servers()).isEmpty();
        assertThat(allPairs(encoded)).isEmpty();
        assertThat(encoded.problems()).extracting(Problem::reason).containsExactly("container db: label "
                + "traefik.tcp.middlewares.lan.ipallowlist.sourcerange not written: the v1 layout (Traefik 1.x) has no "
                + "TCP or UDP routing (expected: --layout v2 or v3 for traefik.tcp.* and traefik.udp.* labels)");
    }

    @Test
    void tcpLabelsBesideAVirtualHostKeepItsHttpRoute() {
        Declaration declaration = declare(container("web", 8080)
                .env("VIRTUAL_HOST", "web.example.com")
                .label("traefik.tcp.routers.raw.rule", "HostSNI(`*`)"));

        assertThat(declaration.config().routers()).isNotEmpty();
        assertThat(declaration.transport().servers()).extracting(TransportServer::address)
                .containsExactly("10.0.0.1:18080");
    }

    @Test
    void aTcpRouterWithoutRuleFailsTheContainerNamingTheLabel() {
        DiscoveryOutcome.Failed outcome = failed(ContainerDiscovery.discover(container("db", 5432)
                .label("traefik.tcp.routers.db.entrypoints", "postgres").build(), Outcomes.SETTINGS));

        assertThat(outcome.errors()).containsExactly("container db: tcp router db has no rule (expected: label "
                + "traefik.tcp.routers.db.rule, e.g. HostSNI(`*`); Traefik has no default TCP rule)");
    }

    @Test
    void aTcpRouterWithoutServiceAmongTwoFailsTheContainer() {
        DiscoveryOutcome.Failed outcome = failed(ContainerDiscovery.discover(container("db", 5432)
                .label("traefik.tcp.routers.db.rule", "HostSNI(`*`)")
                .label("traefik.tcp.services.a.loadbalancer.server.port", "5432")
                .label("traefik.tcp.services.b.loadbalancer.server.port", "5432").build(), Outcomes.SETTINGS));

        assertThat(outcome.errors()).containsExactly("container db: tcp router db names no service and the container "
                + "declares 2 (a, b) (expected: label traefik.tcp.routers.db.service)");
    }

    /** A bad TCP rule leaves only its router out, with a warning naming the label, as a bad HTTP rule does. */
    @Test
    void aBadTcpRuleLeavesOnlyItsRouterOut() {
        Declaration declaration = declare(container("db", 5432)
                .label("traefik.tcp.routers.bad.rule", "Host(`db`)")
                .label("traefik.tcp.routers.db.rule", "HostSNI(`*`)"));

        assertThat(declaration.warnings()).containsExactly("container db: label traefik.tcp.routers.bad.rule="
                + "\"Host(`db`)\" (expected: a Traefik v3 TCP rule; column 1: unknown TCP matcher 'Host' (expected one "
                + "of HostSNI, HostSNIRegexp, ClientIP, ALPN)); router bad left out");
        assertThat(declaration.transport().config().path("tcp").path("routers").fieldNames())
                .toIterable().containsExactly("db");
        assertThat(declaration.transport().servers()).extracting(TransportServer::address)
                .containsExactly("10.0.0.1:15432");
    }

    /**
     * A TCP rule is checked in the syntax its router names, else the layout's (Traefik v3 applies
     * {@code core.defaultRuleSyntax} to TCP routers too): v2 takes lists, which v3 refuses.
     */
    @Test
    void aTcpRuleIsCheckedInTheSyntaxItsRouterNamesElseTheLayouts() {
        TestContainer list = container("db", 5432)
                .label("traefik.tcp.routers.db.rule", "ClientIP(`10.0.0.0/8`, `::1`)");
        Declaration v2 = declare(container("db", 5432)
                .label("traefik.tcp.routers.db.rule", "ClientIP(`10.0.0.0/8`, `::1`)")
                .label("traefik.tcp.routers.db.ruleSyntax", "v2"));
        Declaration v2Layout = declared(ContainerDiscovery.discover(list.build(),
                Outcomes.SETTINGS.withRuleSyntax(RuleSyntax.V2)));
        Declaration v3 = declare(list);

        assertThat(v2.transport().config().at("/tcp/routers/db/rule").asText())
                .isEqualTo("ClientIP(`10.0.0.0/8`, `::1`)");
        assertThat(v2Layout.warnings()).isEmpty();
        assertThat(v2Layout.transport().config().at("/tcp/routers/db/rule").asText())
                .isEqualTo("ClientIP(`10.0.0.0/8`, `::1`)");
        assertThat(v3.warnings()).singleElement().asString().contains("ClientIP expects exactly 1 argument")
                .endsWith("router db left out");
        assertThat(v3.transport().config().at("/tcp/routers/db").isMissingNode()).isTrue();
    }

    /** Under the v2 layout a native v2 TCP rule is written as it is, without ruleSyntax, and reads back under v2. */
    @Test
    void theV2LayoutWritesANativeV2TcpRuleAsItIs() {
        Declaration declaration = declared(ContainerDiscovery.discover(container("db", 5432)
                .label("traefik.tcp.routers.db.rule", "HostSNI(`a.test`, `b.test`)")
                .label("traefik.tcp.routers.db.tls.passthrough", "true").build(),
                Outcomes.SETTINGS.withRuleSyntax(RuleSyntax.V2)));
        EncodedDeclarations encoded = encode(Layout.V2, Set.of(), declaration);

        assertThat(encoded.problems()).isEmpty();
        assertThat(decoded(encoded, LayoutChoice.V2).at("/tcp/routers/db/rule").asText())
                .isEqualTo("HostSNI(`a.test`, `b.test`)");
        assertThat(allPairs(encoded)).extracting(KvPair::key).noneMatch(key -> key.endsWith("ruleSyntax"));
    }
}
