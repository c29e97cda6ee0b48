package io.kvroute.kv.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.ServiceWeight;
import io.kvroute.kv.model.TcpLoadBalancer;
import io.kvroute.kv.model.TcpMiddleware;
import io.kvroute.kv.model.TcpRouter;
import io.kvroute.kv.model.TcpRouterTls;
import io.kvroute.kv.model.TcpServer;
import io.kvroute.kv.model.TcpServersTransport;
import io.kvroute.kv.model.TcpWeighted;
import io.kvroute.kv.model.UdpRouter;
import io.kvroute.kv.model.UdpService;
import io.kvroute.kv.rule.RuleSyntax;
import io.kvroute.kv.store.KvEvent;
import io.kvroute.kv.store.KvPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The {@code tcp} and {@code udp} sections from store keys to the typed model, in one decode and kept per entity. */
class TcpUdpDecodeTest {
    private static final List<KvPair> PAIRS = List.of(
            KvPair.of("traefik/tcp/routers/db/entryPoints/0", "pg"),
            KvPair.of("traefik/tcp/routers/db/rule", "HostSNI(`db.example.com`)"),
            KvPair.of("traefik/tcp/routers/db/service", "db"),
            KvPair.of("traefik/tcp/routers/db/middlewares/0", "office"),
            KvPair.of("traefik/tcp/routers/db/priority", "7"),
            KvPair.of("traefik/tcp/routers/db/tls/passthrough", "true"),
            KvPair.of("traefik/tcp/services/db/loadBalancer/servers/0/address", "10.0.0.1:5432"),
            KvPair.of("traefik/tcp/services/db/loadBalancer/servers/1/address", "10.0.0.2:5432"),
            KvPair.of("traefik/tcp/services/db/loadBalancer/proxyProtocol/version", "1"),
            KvPair.of("traefik/tcp/services/db/loadBalancer/terminationDelay", "-1"),
            KvPair.of("traefik/tcp/services/db/loadBalancer/serversTransport", "slow"),
            KvPair.of("traefik/tcp/services/canary/weighted/services/0/name", "db"),
            KvPair.of("traefik/tcp/services/canary/weighted/services/0/weight", "3"),
            KvPair.of("traefik/tcp/services/canary/weighted/services/1/name", "other"),
            KvPair.of("traefik/tcp/middlewares/office/ipAllowList/sourceRange/0", "10.0.0.0/8"),
            KvPair.of("traefik/tcp/middlewares/few/inFlightConn/amount", "10"),
            KvPair.of("traefik/tcp/serversTransports/slow/dialTimeout", "2s"),
            KvPair.of("traefik/tcp/serversTransports/slow/proxyProtocol", "true"),
            KvPair.of("traefik/udp/routers/dns/entryPoints/0", "dns"),
            KvPair.of("traefik/udp/routers/dns/service", "dns"),
            KvPair.of("traefik/udp/services/dns/loadBalancer/servers/0/address", "10.0.0.1:53"),
            KvPair.of("traefik/udp/services/both/weighted/services/0/name", "dns"));

    @Test
    void decodesEveryTcpAndUdpEntityTyped() {
        DecodedConfig decoded = ConfigDecoder.decode(PAIRS, "traefik", LayoutChoice.AUTO);

        assertThat(decoded.problems()).isEmpty();
        assertThat(decoded.tcp().routers()).containsEntry("db", new TcpRouter("db", "HostSNI(`db.example.com`)",
                RuleSyntax.V3,
                "db", List.of("pg"), List.of("office"), 7,
                Optional.of(new TcpRouterTls(true, "", "", List.of()))));
        assertThat(decoded.tcp().services()).containsEntry("db", new TcpLoadBalancer("db",
                List.of(new TcpServer("10.0.0.1:5432", false), new TcpServer("10.0.0.2:5432", false)), "slow",
                Optional.of(1), Optional.of(-1), Optional.empty()));
        assertThat(decoded.tcp().services()).containsEntry("canary", new TcpWeighted("canary",
                List.of(new ServiceWeight("db", 3), new ServiceWeight("other", 1)), false));
        assertThat(decoded.tcp().middlewares()).containsValues(
                new TcpMiddleware("office", "ipAllowList", List.of("10.0.0.0/8"), OptionalLong.empty()),
                new TcpMiddleware("few", "inFlightConn", List.of(), OptionalLong.of(10)));
        assertThat(decoded.tcp().serversTransports()).containsEntry("slow", new TcpServersTransport("slow",
                Duration.ofSeconds(2), TcpServersTransport.DEFAULT_DIAL_KEEP_ALIVE, Optional.of(2),
                TcpServersTransport.DEFAULT_TERMINATION_DELAY, Optional.empty()));
        assertThat(decoded.udp().routers()).containsEntry("dns", new UdpRouter("dns", List.of("dns"), "dns"));
        assertThat(decoded.udp().services()).containsEntry("dns",
                new UdpService("dns", Optional.of(List.of("10.0.0.1:53")), Optional.empty()));
        assertThat(decoded.udp().services()).containsEntry("both",
                new UdpService("both", Optional.empty(), Optional.of(List.of(new ServiceWeight("dns", 1)))));
        assertThat(decoded.traefikJson().at("/tcp/routers/db/tls/passthrough").booleanValue()).isTrue();
    }

    @Test
    void aBadKeyBreaksOnlyItsTcpEntityAndNamesIt() {
        List<KvPair> pairs = new ArrayList<>(PAIRS);
        pairs.add(KvPair.of("traefik/tcp/services/db/loadBalancer/servers/0/weight", "2"));

        DecodedConfig decoded = ConfigDecoder.decode(pairs, "traefik", LayoutChoice.AUTO);

        assertThat(decoded.tcp().services()).doesNotContainKey("db").containsKey("canary");
        assertThat(decoded.tcp().routers()).containsKey("db");
        assertThat(decoded.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.isError()).isTrue();
            assertThat(problem.key()).isEqualTo("traefik/tcp/services/db/loadBalancer/servers/0/weight");
            assertThat(problem.entity()).contains(EntityRef.tcpService("db"));
        });
    }

    @Test
    void aConfigurationKeptPerEntityDecodesTcpAndUdpAsOneDecodeDoes() {
        IncrementalConfig config = new IncrementalConfig("traefik");
        config.apply(PAIRS.stream().map(pair -> KvEvent.put(pair.key(), pair.value(), 1)).toList());
        DecodedConfig changed = config.apply(List.of(
                KvEvent.put("traefik/http/routers/web/rule", "Host(`a`)", 2),
                KvEvent.put("traefik/tcp/routers/db/priority", "9", 3)));

        DecodedConfig whole = ConfigDecoder.decode(config.pairs(), "traefik", LayoutChoice.AUTO);
        assertThat(changed.tcp()).isEqualTo(whole.tcp());
        assertThat(changed.udp()).isEqualTo(whole.udp());
        assertThat(changed.tcp().routers().get("db").priority()).isEqualTo(9);
        assertThat(changed.problems()).extracting(Problem::toLine)
                .containsExactlyInAnyOrderElementsOf(whole.problems().stream().map(Problem::toLine).toList());
    }
}
