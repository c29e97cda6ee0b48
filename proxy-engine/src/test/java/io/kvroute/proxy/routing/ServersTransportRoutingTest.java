package io.kvroute.proxy.routing;

import static io.kvroute.proxy.routing.FakeRequest.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.config.ConfigDecoder;
import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.kv.config.IncrementalConfig;
import io.kvroute.kv.config.LayoutChoice;
import io.kvroute.kv.model.ForwardingTimeouts;
import io.kvroute.kv.store.KvEvent;
import io.kvroute.kv.store.KvPair;
import io.kvroute.proxy.balancer.UsabilityView;
import io.kvroute.proxy.testing.TestPki;
import io.kvroute.proxy.upstream.UpstreamTransport;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service's {@code serversTransport} through the real decoder into a snapshot: the transport's timeouts go with
 * every pick of its servers; a transport that is missing, of another provider, sets what kvroute does not apply or
 * a value it cannot use leaves the service and its routers out, with the key and the reason, as does an
 * {@code h2c://} server on a transport with {@code disableHTTP2} or a server URL of a scheme Traefik does not
 * speak.
 */
class ServersTransportRoutingTest {
    private static RoutingSnapshot snapshot(String... keysAndValues) {
        List<KvPair> pairs = new ArrayList<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            pairs.add(KvPair.of("traefik/http/" + keysAndValues[i], keysAndValues[i + 1]));
        }
        DecodedConfig config = ConfigDecoder.decode(pairs, "traefik", LayoutChoice.AUTO);
        return new SnapshotBuilder(Set.of("web"), UsabilityView.allUp(), Clock.systemUTC())
                .build(config, new ConfigVersion(1, Instant.EPOCH), RoutingSnapshot.empty());
    }

    private static String[] routedService(String name, String transport) {
        return new String[] {
            "routers/" + name + "/rule", "Host(`" + name + ".test`)",
            "routers/" + name + "/service", name,
            "services/" + name + "/loadBalancer/servers/0/url", "http://10.0.0.1:8080",
            "services/" + name + "/loadBalancer/serversTransport", transport};
    }

    private static String[] concat(String[]... parts) {
        List<String> all = new ArrayList<>();
        for (String[] part : parts) {
            all.addAll(List.of(part));
        }
        return all.toArray(String[]::new);
    }

    @Test
    void picksCarryTheirTransportsTimeoutsAndTheDefaultTransportHasNone() {
        RoutingSnapshot snapshot = snapshot(concat(
                new String[] {"serversTransports/slow/forwardingTimeouts/responseHeaderTimeout", "2s"},
                routedService("own", "slow"),
                routedService("qualified", "slow@etcd"),
                routedService("static", "default@internal"),
                new String[] {
                    "routers/plain/rule", "Host(`plain.test`)", "routers/plain/service", "plain",
                    "services/plain/loadBalancer/servers/0/url", "http://10.0.0.1:8080"}));

        ForwardingTimeouts slow = new ForwardingTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(2),
                Duration.ofSeconds(90), Duration.ZERO, Duration.ofSeconds(15));
        assertThat(timeoutsOfPick(snapshot, "own")).contains(slow);
        assertThat(timeoutsOfPick(snapshot, "qualified")).contains(slow);
        assertThat(timeoutsOfPick(snapshot, "static")).isEmpty();
        assertThat(timeoutsOfPick(snapshot, "plain")).isEmpty();
        assertThat(snapshot.exclusions()).isEmpty();
    }

    @Test
    void aChangedTransportReachesTheBalancersOfServicesThatDidNotChange() {
        IncrementalConfig config = new IncrementalConfig("traefik");
        List<KvEvent> first = new ArrayList<>();
        String[] keys = concat(new String[] {"serversTransports/slow/forwardingTimeouts/responseHeaderTimeout", "2s"},
                routedService("own", "slow"));
        for (int i = 0; i < keys.length; i += 2) {
            first.add(KvEvent.put("traefik/http/" + keys[i], keys[i + 1], 1));
        }
        SnapshotBuilder builder = new SnapshotBuilder(Set.of("web"), UsabilityView.allUp(), Clock.systemUTC());
        RoutingSnapshot before = builder.build(config.apply(first), new ConfigVersion(1, Instant.EPOCH),
                RoutingSnapshot.empty());
        DecodedConfig changed = config.apply(List.of(KvEvent.put(
                "traefik/http/serversTransports/slow/forwardingTimeouts/responseHeaderTimeout", "5s", 2)));

        RoutingSnapshot after = builder.build(changed, new ConfigVersion(2, Instant.EPOCH), before);

        assertThat(changed.model().services().get("own")).isSameAs(config.current().model().services().get("own"));
        assertThat(timeoutsOfPick(before, "own").orElseThrow().responseHeaderTimeout()).hasSeconds(2);
        assertThat(timeoutsOfPick(after, "own").orElseThrow().responseHeaderTimeout()).hasSeconds(5);
    }

    @Test
    void aTransportKvrouteCannotApplyLeavesItsServicesAndRoutersOut() {
        RoutingSnapshot snapshot = snapshot(concat(
                new String[] {
                    "serversTransports/spiffe/spiffe/trustDomain", "spiffe://example.org",
                    "serversTransports/spiffe/forwardingTimeouts/responseHeaderTimeout", "2s",
                    "serversTransports/tls13/minVersion", "VersionTLS13",
                    "serversTransports/badca/rootCAs/0", "not a certificate"},
                routedService("spiffe", "spiffe"),
                routedService("tls13", "tls13"),
                routedService("badca", "badca"),
                routedService("missing", "nowhere"),
                routedService("foreign", "mtls@file")));

        for (String name : List.of("spiffe", "tls13", "badca", "missing", "foreign")) {
            assertThat(snapshot.route(get(name + ".test", "/"), "web", false)).as(name).isEmpty();
        }
        assertThat(snapshot.exclusions()).extracting(Exclusion::toLine).containsExactlyInAnyOrder(
                "router spiffe: service spiffe is unusable: serversTransport spiffe sets spiffe/trustDomain, which "
                        + "kvroute does not apply",
                "router tls13: service tls13 is unusable: serversTransport tls13 sets minVersion, which kvroute does "
                        + "not apply",
                "router badca: service badca is unusable: serversTransport badca: rootCAs/0 \"not a certificate\": "
                        + "no CERTIFICATE block that parses (no PEM data found) (expected: a PEM file or PEM content "
                        + "with CA certificates)",
                "router missing: service missing is unusable: traefik/http/services/missing/loadBalancer/"
                        + "serversTransport: serversTransport nowhere does not exist",
                "router foreign: service foreign is unusable: serversTransport mtls@file belongs to provider file, "
                        + "which kvroute does not read",
                "service spiffe: serversTransport spiffe sets spiffe/trustDomain, which kvroute does not apply",
                "service tls13: serversTransport tls13 sets minVersion, which kvroute does not apply",
                "service badca: serversTransport badca: rootCAs/0 \"not a certificate\": no CERTIFICATE block that "
                        + "parses (no PEM data found) (expected: a PEM file or PEM content with CA certificates)",
                "service missing: traefik/http/services/missing/loadBalancer/serversTransport: serversTransport "
                        + "nowhere does not exist",
                "service foreign: serversTransport mtls@file belongs to provider file, which kvroute does not read");
    }

    /**
     * A service left out because its transport's CA file could not be read (written in two steps, caught in between)
     * is tried again by the next change of anything, as Traefik builds every service on every change: it does not
     * wait for a change of its own keys.
     */
    @Test
    void aServiceLeftOutForItsTransportsFileIsTriedAgainByTheNextChangeOfAnything(@TempDir Path dir)
            throws IOException {
        Path ca = dir.resolve("ca.pem");
        Files.writeString(ca, "-----BEGIN CERTIFICATE-----\n");
        IncrementalConfig config = new IncrementalConfig("traefik");
        List<KvEvent> first = new ArrayList<>();
        String[] keys = concat(new String[] {"serversTransports/files/rootCAs/0", ca.toString()},
                routedService("own", "files"));
        for (int i = 0; i < keys.length; i += 2) {
            first.add(KvEvent.put("traefik/http/" + keys[i], keys[i + 1], 1));
        }
        SnapshotBuilder builder = new SnapshotBuilder(Set.of("web"), UsabilityView.allUp(), Clock.systemUTC());
        RoutingSnapshot before = builder.build(config.apply(first), new ConfigVersion(1, Instant.EPOCH),
                RoutingSnapshot.empty());
        assertThat(before.route(get("own.test", "/"), "web", false)).as("half-written CA").isEmpty();

        Files.writeString(ca, TestPki.ca("CN=kvroute servers CA").certPem());
        DecodedConfig unrelated = config.apply(List.of(KvEvent.put("traefik/http/routers/other/rule",
                "Host(`other.test`)", 2), KvEvent.put("traefik/http/routers/other/service", "own", 2)));
        RoutingSnapshot after = builder.build(unrelated, new ConfigVersion(2, Instant.EPOCH), before);

        assertThat(after.route(get("own.test", "/"), "web", false)).as("the CA file is complete now").isPresent();
        assertThat(after.exclusions()).isEmpty();
    }

    @Test
    void tlsAndPoolSettingsGoWithThePicksOfTheirServices() {
        RoutingSnapshot snapshot = snapshot(concat(
                new String[] {
                    "serversTransports/tls/insecureSkipVerify", "true",
                    "serversTransports/tls/serverName", "origin.internal",
                    "serversTransports/tls/maxIdleConnsPerHost", "-1",
                    "serversTransports/tls/disableHTTP2", "true"},
                routedService("tls", "tls"),
                new String[] {
                    "routers/plain/rule", "Host(`plain.test`)", "routers/plain/service", "plain",
                    "services/plain/loadBalancer/servers/0/url", "https://10.0.0.1:8443"}));

        UpstreamTransport tls = snapshot.route(get("tls.test", "/"), "web", false).orElseThrow().balancer().pick()
                .orElseThrow().transport().orElseThrow();
        assertThat(snapshot.exclusions()).isEmpty();
        assertThat(tls.tls().settings().insecureSkipVerify()).isTrue();
        assertThat(tls.tls().settings().serverName()).isEqualTo("origin.internal");
        assertThat(tls.reusesConnections()).isFalse();
        assertThat(timeoutsOfPick(snapshot, "plain")).isEmpty();
    }

    @Test
    void anH2cServerIsServedUnlessItsTransportDisablesHttp2AndAnFtpOneIsRefusedWithItsScheme() {
        RoutingSnapshot snapshot = snapshot(
                "routers/h2c/rule", "Host(`h2c.test`)", "routers/h2c/service", "h2c",
                "services/h2c/loadBalancer/servers/0/url", "h2c://10.0.0.1:50051",
                "routers/h1/rule", "Host(`h1.test`)", "routers/h1/service", "h1",
                "services/h1/loadBalancer/servers/0/url", "h2c://10.0.0.1:50051",
                "services/h1/loadBalancer/serversTransport", "h1only",
                "serversTransports/h1only/disableHTTP2", "true",
                "routers/ftp/rule", "Host(`ftp.test`)", "routers/ftp/service", "ftp",
                "services/ftp/loadBalancer/servers/0/url", "ftp://10.0.0.1:21");

        assertThat(snapshot.route(get("h2c.test", "/"), "web", false)).isPresent();
        assertThat(snapshot.route(get("h1.test", "/"), "web", false)).isEmpty();
        assertThat(snapshot.route(get("ftp.test", "/"), "web", false)).isEmpty();
        assertThat(snapshot.exclusions()).extracting(Exclusion::toLine).contains(
                "service h1: server 0: url 'h2c://10.0.0.1:50051': an h2c server on serversTransport h1only, which "
                        + "sets disableHTTP2 (Traefik answers every request of it 500; expected: a transport without "
                        + "disableHTTP2)",
                "service ftp: traefik/http/services/ftp/loadBalancer/servers/0/url: expected an absolute http, https "
                        + "or h2c URL with a host");
    }

    @Test
    void aServerUrlWithAnUpperCaseSchemeIsReachedByThatSchemeInLowerCase() {
        RoutingSnapshot snapshot = snapshot(
                "routers/upper/rule", "Host(`upper.test`)", "routers/upper/service", "upper",
                "services/upper/loadBalancer/servers/0/url", "HTTPS://10.0.0.1:8443/Base");

        URI server = snapshot.route(get("upper.test", "/"), "web", false).orElseThrow().balancer().pick()
                .orElseThrow().server().uri();

        assertThat(snapshot.exclusions()).isEmpty();
        assertThat(server).isEqualTo(URI.create("https://10.0.0.1:8443/Base"));
    }

    private static Optional<ForwardingTimeouts> timeoutsOfPick(RoutingSnapshot snapshot, String name) {
        RouteMatch match = snapshot.route(get(name + ".test", "/"), "web", false).orElseThrow();
        return match.balancer().pick().orElseThrow().transport().map(UpstreamTransport::timeouts);
    }
}
