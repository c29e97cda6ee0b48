package io.kvroute.proxy.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.config.ConfigDecoder;
import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.kv.config.LayoutChoice;
import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.store.KvPair;
import io.kvroute.proxy.balancer.UsabilityView;
import io.kvroute.proxy.routing.Exclusion;
import io.kvroute.proxy.testing.SslContextCount;
import io.kvroute.proxy.upstream.ServerTls;
import io.kvroute.proxy.upstream.ServerTlsSettings;
import io.kvroute.proxy.upstream.TlsToServer;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TcpRoutingBuilderTest {
    private static final TcpRoutingBuilder BUILDER = new TcpRoutingBuilder(Set.of("web", "db"), "memory",
            UsabilityView.allUp());

    private static TcpRouting build(String... keyValues) {
        List<KvPair> pairs = new ArrayList<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            pairs.add(KvPair.of("traefik/tcp/" + keyValues[i], keyValues[i + 1]));
        }
        DecodedConfig decoded = ConfigDecoder.decode(pairs, "traefik", LayoutChoice.AUTO);
        return BUILDER.build(decoded, Map.of(), Set.of(), name -> name.equals("default") ? Optional.empty()
                : Optional.of("unknown TLS options " + name), TcpRouting.empty());
    }

    private static Map<EntityRef, String> reasons(TcpRouting routing) {
        return routing.exclusions().stream()
                .collect(Collectors.toMap(Exclusion::entity, e -> String.join("; ", e.reasons())));
    }

    @Test
    void ordersRoutesByPriorityWithTheCatchAllLastAndServesEveryEntryPointWhenNoneIsNamed() throws Exception {
        TcpRouting routing = build(
                "routers/any/rule", "HostSNI(`*`)", "routers/any/service", "s",
                "routers/office/rule", "ClientIP(`10.0.0.0/8`)", "routers/office/service", "s",
                "routers/local/rule", "ClientIP(`127.0.0.1`)", "routers/local/service", "s",
                "routers/local/priority", "100", "routers/local/entryPoints/0", "db",
                "services/s/loadBalancer/servers/0/address", "127.0.0.1:1");

        assertThat(routing.exclusions()).isEmpty();
        assertThat(routing.table("web").orElseThrow().plain()).extracting(TcpRoute::router)
                .containsExactly("office", "any");
        assertThat(routing.table("db").orElseThrow().plain()).extracting(TcpRoute::router, TcpRoute::priority)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("local", 100L),
                        org.assertj.core.groups.Tuple.tuple("office", 22L),
                        org.assertj.core.groups.Tuple.tuple("any", -1L));
        TcpConnectionFacts office = TcpConnectionFacts.plain(InetAddress.getByName("10.1.2.3"));
        assertThat(routing.table("web").orElseThrow().plainRoute(office).map(TcpRoute::router)).contains("office");
    }

    /**
     * {@code ruleSyntax=v2} reads the rule in Traefik's v2 TCP syntax (lists of arguments, {@code {name:regex}}
     * templates); any other value reads it in the v3 syntax, as Traefik's muxer does, where a list is refused.
     */
    @Test
    void readsTheRuleInTheSyntaxTheRouterNames() throws Exception {
        TcpRouting routing = build(
                "routers/listed/rule", "ClientIP(`10.1.0.0/16`, `10.2.0.0/16`)", "routers/listed/service", "s",
                "routers/listed/ruleSyntax", "v2",
                "routers/templated/rule", "HostSNIRegexp(`{db:[a-z]+}.test`)", "routers/templated/service", "s",
                "routers/templated/ruleSyntax", "v2", "routers/templated/tls/passthrough", "true",
                "routers/v3list/rule", "ClientIP(`10.1.0.0/16`, `10.2.0.0/16`)", "routers/v3list/service", "s",
                "routers/v3list/ruleSyntax", "v3",
                "routers/defaulted/rule", "ClientIP(`10.3.0.0/16`)", "routers/defaulted/service", "s",
                "routers/defaulted/ruleSyntax", "default",
                "routers/badtemplate/rule", "HostSNIRegexp(`{db:}.test`)", "routers/badtemplate/service", "s",
                "routers/badtemplate/ruleSyntax", "v2", "routers/badtemplate/tls/passthrough", "true",
                "services/s/loadBalancer/servers/0/address", "127.0.0.1:1");

        Map<EntityRef, String> reasons = reasons(routing);
        assertThat(reasons.keySet()).containsExactlyInAnyOrder(EntityRef.tcpRouter("v3list"),
                EntityRef.tcpRouter("badtemplate"));
        assertThat(reasons.get(EntityRef.tcpRouter("v3list"))).contains("ClientIP expects exactly 1 argument");
        assertThat(reasons.get(EntityRef.tcpRouter("badtemplate"))).contains("missing name or pattern");
        TcpEntryPointTable web = routing.table("web").orElseThrow();
        assertThat(web.plainRoute(TcpConnectionFacts.plain(InetAddress.getByName("10.2.3.4")))
                .map(TcpRoute::router)).contains("listed");
        assertThat(web.plainRoute(TcpConnectionFacts.plain(InetAddress.getByName("10.3.3.4")))
                .map(TcpRoute::router)).contains("defaulted");
        assertThat(web.plainRoute(TcpConnectionFacts.plain(InetAddress.getByName("10.4.3.4")))).isEmpty();
        assertThat(web.tlsRoute(new TcpConnectionFacts(Optional.of("PG.test"), InetAddress.getByName("10.4.3.4"),
                List.of()))).map(TcpRoute::router).contains("templated");
    }

    @Test
    void leavesOutWhatItDoesNotApplyNamingTheKey() {
        TcpRouting routing = build(
                "routers/tlsdial/rule", "HostSNI(`*`)", "routers/tlsdial/service", "tlsdial",
                "routers/pp/rule", "HostSNI(`*`)", "routers/pp/service", "pp",
                "routers/opts/rule", "HostSNI(`a.test`)", "routers/opts/service", "ok",
                "routers/opts/tls/options", "strict",
                "routers/gated/rule", "HostSNI(`*`)", "routers/gated/service", "ok",
                "routers/gated/middlewares/0", "missing",
                "services/ok/loadBalancer/servers/0/address", "127.0.0.1:1",
                "services/tlsdial/loadBalancer/servers/0/address", "127.0.0.1:1",
                "services/tlsdial/loadBalancer/servers/0/tls", "true",
                "services/pp/loadBalancer/servers/0/address", "127.0.0.1:1",
                "services/pp/loadBalancer/proxyProtocol/version", "3");

        Map<EntityRef, String> reasons = reasons(routing);
        assertThat(reasons.get(EntityRef.tcpService("tlsdial"))).startsWith("loadBalancer/servers/0/tls:");
        assertThat(reasons.get(EntityRef.tcpService("pp"))).isEqualTo("proxyProtocol/version: 3 (expected: 1 or 2)");
        assertThat(reasons.get(EntityRef.tcpRouter("opts"))).isEqualTo("tls.options: unknown TLS options strict");
        assertThat(reasons.get(EntityRef.tcpRouter("gated")))
                .isEqualTo("middlewares: TCP middleware missing does not exist");
        assertThat(routing.table("web")).isEmpty();
    }

    /**
     * A TCP router's TLS options qualified by this proxy's provider name its own options, as an HTTP router's do
     * (Traefik's GetQualifiedName); another provider's stay unknown.
     */
    @Test
    void tlsOptionsQualifiedByThisProviderNameItsOwn() {
        List<KvPair> pairs = new ArrayList<>();
        String[] keyValues = {"routers/own/rule", "HostSNI(`own.test`)", "routers/own/service", "ok",
                "routers/own/tls/options", "strict@memory",
                "routers/other/rule", "HostSNI(`other.test`)", "routers/other/service", "ok",
                "routers/other/tls/options", "strict@file",
                "services/ok/loadBalancer/servers/0/address", "127.0.0.1:1"};
        for (int i = 0; i < keyValues.length; i += 2) {
            pairs.add(KvPair.of("traefik/tcp/" + keyValues[i], keyValues[i + 1]));
        }
        TcpRouting routing = BUILDER.build(ConfigDecoder.decode(pairs, "traefik", LayoutChoice.AUTO), Map.of(),
                Set.of(), name -> name.equals("strict") ? Optional.empty()
                        : Optional.of("unknown TLS options " + name), TcpRouting.empty());

        assertThat(routing.table("web").orElseThrow().tls()).singleElement().satisfies(route -> {
            assertThat(route.router()).isEqualTo("own");
            assertThat(route.target().terminatingOptions()).contains("strict");
        });
        assertThat(reasons(routing).get(EntityRef.tcpRouter("other")))
                .isEqualTo("tls.options: unknown TLS options strict@file");
    }

    @Test
    void loadBalancersOnOneTransportShareTheTlsCompiledOnceForItsSettings() {
        List<String> keys = new ArrayList<>(List.of("serversTransports/named/tls/serverName", "db.test"));
        for (String lb : List.of("a", "b")) {
            keys.addAll(List.of("routers/" + lb + "/rule", "HostSNI(`*`)", "routers/" + lb + "/service", lb,
                    "services/" + lb + "/loadBalancer/servers/0/address", "127.0.0.1:1",
                    "services/" + lb + "/loadBalancer/servers/0/tls", "true",
                    "services/" + lb + "/loadBalancer/serversTransport", "named"));
        }
        TcpRouting routing = build(keys.toArray(String[]::new));

        List<TlsToServer> tls = routing.table("web").orElseThrow().plain().stream()
                .map(route -> route.target().service().pick().orElseThrow().tls().orElseThrow()).toList();
        assertThat(tls).hasSize(2);
        assertThat(tls.get(0)).isSameAs(tls.get(1));
    }

    @Test
    void anUnchangedTransportKeepsItsTlsContextAcrossBuildsAndAChangedOneMakesOneNew() {
        TcpRouting empty = TcpRouting.empty();
        ServerTls.jdkDefault(); // made once per JVM for the probes of plain servers, not per build
        try (SslContextCount contexts = SslContextCount.start()) {
            TcpRouting first = buildAfter(empty, tlsOnTwoTransports("db.test"));
            assertThat(contexts.made()).as("one context per transport TLS").isEqualTo(2);

            TcpRouting second = buildAfter(first, tlsOnTwoTransports("db.test"));
            assertThat(contexts.made()).as("none for an unchanged configuration").isEqualTo(2);
            assertThat(dialTls(second, "a")).isSameAs(dialTls(first, "a"));
            assertThat(dialTls(second, "c")).isSameAs(dialTls(first, "c"));

            TcpRouting third = buildAfter(second, tlsOnTwoTransports("db2.test"));
            assertThat(contexts.made()).as("one for the changed transport").isEqualTo(3);
            assertThat(dialTls(third, "a")).isNotSameAs(dialTls(second, "a")).isSameAs(dialTls(third, "b"));
            assertThat(dialTls(third, "a").tls().settings().serverName()).isEqualTo("db2.test");
            assertThat(dialTls(third, "c")).isSameAs(dialTls(first, "c"));
            assertThat(third.serverTls().keySet()).as("the replaced TLS is dropped")
                    .extracting(ServerTlsSettings::serverName).containsExactlyInAnyOrder("db2.test", "other.test");
            assertThat(third.probeTargets().get(TcpServerKeys.checkedService("a"))).singleElement()
                    .satisfies(target -> assertThat(target.tls()).as("the probes' TLS is the relay's")
                            .isSameAs(dialTls(third, "a").tls()));

            TcpRouting fourth = buildAfter(third, "routers/a/rule", "HostSNI(`*`)", "routers/a/service", "a",
                    "services/a/loadBalancer/servers/0/address", "127.0.0.1:1");
            assertThat(fourth.serverTls()).as("no transport TLS is in use").isEmpty();
            assertThat(contexts.made()).isEqualTo(3);
        }
    }

    /**
     * Load balancers a and b (health-checked) on transport named ({@code serverName}), c on transport other, all with
     * a TLS server.
     */
    private static String[] tlsOnTwoTransports(String serverName) {
        List<String> keys = new ArrayList<>(List.of("serversTransports/named/tls/serverName", serverName,
                "serversTransports/other/tls/serverName", "other.test",
                "serversTransports/other/tls/insecureSkipVerify", "true",
                "services/a/loadBalancer/healthCheck/interval", "10s"));
        for (String lb : List.of("a", "b", "c")) {
            keys.addAll(List.of("routers/" + lb + "/rule", "HostSNI(`*`)", "routers/" + lb + "/service", lb,
                    "services/" + lb + "/loadBalancer/servers/0/address", "127.0.0.1:1",
                    "services/" + lb + "/loadBalancer/servers/0/tls", "true",
                    "services/" + lb + "/loadBalancer/serversTransport", lb.equals("c") ? "other" : "named"));
        }
        return keys.toArray(String[]::new);
    }

    private static TcpRouting buildAfter(TcpRouting previous, String... keyValues) {
        return BUILDER.build(ConfigDecoder.decode(pairs(keyValues), "traefik", LayoutChoice.AUTO), Map.of(), Set.of(),
                name -> Optional.empty(), previous);
    }

    /** The TLS the first server of the service routed by {@code router} on web is dialled with. */
    private static TlsToServer dialTls(TcpRouting routing, String router) {
        return routing.table("web").orElseThrow().plain().stream().filter(route -> route.router().equals(router))
                .findFirst().orElseThrow().target().service().pick().orElseThrow().tls().orElseThrow();
    }

    @Test
    void dialsTlsServersWithTheTransportsTlsAndLeavesOutWhatItCannotApplyNamingTheKey() {
        TcpRouting routing = build(
                "routers/ok/rule", "HostSNI(`*`)", "routers/ok/service", "ok",
                "routers/nameless/rule", "HostSNI(`*`)", "routers/nameless/service", "nameless",
                "routers/unknown/rule", "HostSNI(`*`)", "routers/unknown/service", "unknown",
                "routers/unreadable/rule", "HostSNI(`*`)", "routers/unreadable/service", "unreadable",
                "routers/spiffe/rule", "HostSNI(`*`)", "routers/spiffe/service", "spiffe",
                "services/ok/loadBalancer/servers/0/address", "127.0.0.1:1",
                "services/ok/loadBalancer/servers/0/tls", "true",
                "services/ok/loadBalancer/servers/1/address", "127.0.0.1:2",
                "services/ok/loadBalancer/serversTransport", "named",
                "serversTransports/named/tls/serverName", "db.test",
                "services/nameless/loadBalancer/servers/0/address", "127.0.0.1:1",
                "services/nameless/loadBalancer/servers/0/tls", "true",
                "services/nameless/loadBalancer/serversTransport", "roots",
                "serversTransports/roots/tls/rootCAs/0", "/nonexistent/kvroute-ca.pem",
                "services/unknown/loadBalancer/servers/0/address", "127.0.0.1:1",
                "services/unknown/loadBalancer/servers/0/tls", "true",
                "services/unknown/loadBalancer/serversTransport", "missing",
                "services/unreadable/loadBalancer/servers/0/address", "127.0.0.1:1",
                "services/unreadable/loadBalancer/servers/0/tls", "true",
                "services/unreadable/loadBalancer/serversTransport", "unreadable",
                "serversTransports/unreadable/tls/serverName", "db.test",
                "serversTransports/unreadable/tls/certificates/0/certFile", "/nonexistent/kvroute-client.pem",
                "serversTransports/unreadable/tls/certificates/0/keyFile", "/nonexistent/kvroute-client.key",
                "services/spiffe/loadBalancer/servers/0/address", "127.0.0.1:1",
                "services/spiffe/loadBalancer/serversTransport", "spiffe",
                "serversTransports/spiffe/tls/spiffe/trustDomain", "kvroute.test");

        Map<EntityRef, String> reasons = reasons(routing);
        assertThat(reasons).doesNotContainKey(EntityRef.tcpRouter("ok"));
        TcpServicePicker ok = routing.table("web").orElseThrow().plain().stream()
                .filter(route -> route.router().equals("ok")).findFirst().orElseThrow().target().service();
        TcpDial tls = ok.pick().orElseThrow();
        TcpDial plain = ok.pick().orElseThrow();
        assertThat(tls.tls()).hasValueSatisfying(serverTls ->
                assertThat(serverTls.tls().settings().serverName()).isEqualTo("db.test"));
        assertThat(plain.tls()).isEmpty();
        assertThat(reasons.get(EntityRef.tcpService("nameless"))).isEqualTo("loadBalancer/servers/0/tls: the TCP "
                + "servers transport roots sets neither tls/serverName nor tls/insecureSkipVerify, without which "
                + "Traefik's TLS dial fails every connection (Go: either ServerName or InsecureSkipVerify must be "
                + "specified)");
        assertThat(reasons.get(EntityRef.tcpService("unknown")))
                .isEqualTo("loadBalancer/serversTransport: no TCP servers transport missing");
        assertThat(reasons.get(EntityRef.tcpService("unreadable"))).startsWith(
                "serversTransports/unreadable/tls/certificates/0/certFile \"/nonexistent/kvroute-client.pem\"");
        assertThat(reasons.get(EntityRef.tcpService("spiffe"))).startsWith(
                "serversTransports/spiffe/tls/spiffe/trustDomain: not applied by kvroute to TCP servers");
        assertThat(reasons.get(EntityRef.tcpRouter("unreadable")))
                .startsWith("service: serversTransports/unreadable/tls/certificates/0/certFile");
    }

    @Test
    void weighsChildServicesAndKeepsAnInFlightCountAcrossBuildsWhileItsSettingsStay() throws Exception {
        String[] keys = {
            "routers/r/rule", "HostSNI(`*`)", "routers/r/service", "both", "routers/r/middlewares/0", "few",
            "middlewares/few/inFlightConn/amount", "1",
            "services/both/weighted/services/0/name", "a", "services/both/weighted/services/0/weight", "3",
            "services/both/weighted/services/1/name", "b",
            "services/a/loadBalancer/servers/0/address", "127.0.0.1:1",
            "services/b/loadBalancer/servers/0/address", "127.0.0.1:2"};
        TcpRouting first = build(keys);
        TcpTarget target = first.table("web").orElseThrow().plain().get(0).target();
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ports.add(target.service().pick().orElseThrow().port());
        }
        assertThat(ports).containsExactly(1, 1, 2, 1, 1, 1, 2, 1);

        InetAddress client = InetAddress.getByName("127.0.0.1");
        assertThat(target.gates().get(0).enter(client)).isTrue();
        TcpRouting second = BUILDER.build(ConfigDecoder.decode(pairs(keys), "traefik", LayoutChoice.AUTO), Map.of(),
                Set.of(), name -> Optional.empty(), first);
        TcpGate kept = second.table("web").orElseThrow().plain().get(0).target().gates().get(0);
        assertThat(kept.enter(client)).as("the connection let in before the rebuild still counts").isFalse();
        kept.leave(client);
        assertThat(kept.enter(client)).isTrue();
    }

    private static List<KvPair> pairs(String... keyValues) {
        List<KvPair> pairs = new ArrayList<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            pairs.add(KvPair.of("traefik/tcp/" + keyValues[i], keyValues[i + 1]));
        }
        return pairs;
    }
}
