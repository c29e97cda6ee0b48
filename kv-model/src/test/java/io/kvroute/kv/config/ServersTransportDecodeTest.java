package io.kvroute.kv.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.layout.EncodeOptions;
import io.kvroute.kv.layout.EncodedPairs;
import io.kvroute.kv.layout.Layout;
import io.kvroute.kv.layout.TraefikKvEncoder;
import io.kvroute.kv.model.CertificateFiles;
import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.model.FileOrContent;
import io.kvroute.kv.model.ForwardingTimeouts;
import io.kvroute.kv.model.LoadBalancerService;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.ServersTransport;
import io.kvroute.kv.model.TraefikJsonMapper;
import io.kvroute.kv.store.KvPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code http/serversTransports/<t>/...} keys as the proxy reads them: Traefik's decode-time defaults inside
 * {@code forwardingTimeouts}, zero values Traefik's decoder omits, what kvroute does not apply (reported on the field)
 * and references from services (a missing transport is an error of the service; {@code default@internal} is the
 * static default transport).
 */
class ServersTransportDecodeTest {
    private static DecodedConfig decode(String... keysAndValues) {
        List<KvPair> pairs = new ArrayList<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            pairs.add(KvPair.of("traefik/http/" + keysAndValues[i], keysAndValues[i + 1]));
        }
        return ConfigDecoder.decode(pairs, "traefik", LayoutChoice.AUTO);
    }

    @Test
    void responseHeaderTimeoutAloneGetsTraefiksDefaultsForTheOtherTimeouts() {
        DecodedConfig decoded = decode("serversTransports/slow/forwardingTimeouts/responseHeaderTimeout", "2s");

        ServersTransport slow = decoded.model().serversTransport("slow").orElseThrow();
        assertThat(slow.timeouts()).isEqualTo(new ForwardingTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(2),
                Duration.ofSeconds(90), Duration.ZERO, Duration.ofSeconds(15)));
        assertThat(slow.unappliedFields()).isEmpty();
        assertThat(decoded.problems()).isEmpty();
    }

    @Test
    void zeroTimeoutsMeanNoneAndATransportWithoutTimeoutsUsesTraefiksDefaults() {
        DecodedConfig decoded = decode(
                "serversTransports/unbounded/forwardingTimeouts/dialTimeout", "0s",
                "serversTransports/unbounded/forwardingTimeouts/idleConnTimeout", "0",
                "serversTransports/plain/maxIdleConnsPerHost", "0");

        ForwardingTimeouts unbounded = decoded.model().serversTransport("unbounded").orElseThrow().timeouts();
        assertThat(unbounded.limitsDial()).isFalse();
        assertThat(unbounded.idleConnTimeout()).isZero();
        assertThat(unbounded.limitsResponseHeaders()).isFalse();
        ServersTransport plain = decoded.model().serversTransport("plain").orElseThrow();
        assertThat(plain.timeouts()).isEqualTo(ForwardingTimeouts.TRAEFIK_DEFAULTS);
        assertThat(plain.unappliedFields()).isEmpty();
        assertThat(decoded.problems()).isEmpty();
    }

    @Test
    void fieldsKvrouteDoesNotApplyAreReportedOnTheirKeys() {
        DecodedConfig decoded = decode(
                "serversTransports/spiffe/spiffe/trustDomain", "spiffe://x",
                "serversTransports/tls13/minVersion", "VersionTLS13",
                "serversTransports/suites/cipherSuites/0", "TLS_AES_128_GCM_SHA256");

        assertThat(decoded.model().serversTransports().values()).allSatisfy(transport ->
                assertThat(transport.unappliedFields()).isNotEmpty());
        assertThat(decoded.problems()).extracting(Problem::key).containsExactlyInAnyOrder(
                "traefik/http/serversTransports/spiffe/spiffe/trustDomain",
                "traefik/http/serversTransports/tls13/minVersion",
                "traefik/http/serversTransports/suites/cipherSuites/0");
        assertThat(decoded.problems()).allSatisfy(problem -> {
            assertThat(problem.isError()).isFalse();
            assertThat(problem.reason()).startsWith("not applied by kvroute: services using serversTransport ");
        });
    }

    @Test
    void http2PingsAreApplied() {
        DecodedConfig decoded = decode(
                "serversTransports/ping/forwardingTimeouts/readIdleTimeout", "10s",
                "serversTransports/ping/forwardingTimeouts/pingTimeout", "3s");

        ServersTransport ping = decoded.model().serversTransport("ping").orElseThrow();
        assertThat(ping.unappliedFields()).isEmpty();
        assertThat(decoded.problems()).isEmpty();
        assertThat(ping.timeouts().readIdleTimeout()).hasSeconds(10);
        assertThat(ping.timeouts().pingTimeout()).hasSeconds(3);
    }

    @Test
    void tlsPoolAndProtocolFieldsAreAppliedAndReadTyped() {
        DecodedConfig decoded = decode(
                "serversTransports/tls/insecureSkipVerify", "true",
                "serversTransports/tls/serverName", "origin.internal",
                "serversTransports/tls/rootCAs/0", "/etc/ca.pem",
                "serversTransports/tls/rootCAs/1", "/etc/other-ca.pem",
                "serversTransports/tls/certificates/0/certFile", "/etc/c.pem",
                "serversTransports/tls/certificates/0/keyFile", "/etc/k.pem",
                "serversTransports/tls/peerCertURI", "spiffe://x/y",
                "serversTransports/tls/maxIdleConnsPerHost", "-1",
                "serversTransports/tls/disableHTTP2", "true",
                "serversTransports/plain/forwardingTimeouts/dialTimeout", "1s");

        ServersTransport tls = decoded.model().serversTransport("tls").orElseThrow();
        assertThat(tls.unappliedFields()).isEmpty();
        assertThat(decoded.problems()).isEmpty();
        assertThat(tls.tls().insecureSkipVerify()).isTrue();
        assertThat(tls.tls().serverName()).isEqualTo("origin.internal");
        assertThat(tls.tls().rootCAs()).extracting(FileOrContent::text)
                .containsExactly("/etc/ca.pem", "/etc/other-ca.pem");
        assertThat(tls.tls().certificates()).containsExactly(CertificateFiles.of("/etc/c.pem", "/etc/k.pem"));
        assertThat(tls.tls().peerCertUri()).isEqualTo("spiffe://x/y");
        assertThat(tls.maxIdleConnsPerHost()).isEqualTo(-1);
        assertThat(tls.disableHttp2()).isTrue();
        ServersTransport plain = decoded.model().serversTransport("plain").orElseThrow();
        assertThat(List.of(plain.tls().insecureSkipVerify(), plain.disableHttp2())).containsOnly(false);
        assertThat(List.of(plain.tls().serverName(), plain.tls().peerCertUri())).containsOnly("");
        assertThat(plain.tls().rootCAs()).isEmpty();
        assertThat(plain.tls().certificates()).isEmpty();
        assertThat(plain.maxIdleConnsPerHost()).isZero();
    }

    @Test
    void aServiceNamingAMissingTransportHasAnError() {
        DecodedConfig decoded = decode(
                "services/app/loadBalancer/servers/0/url", "http://10.0.0.1:80",
                "services/app/loadBalancer/serversTransport", "missing");

        assertThat(decoded.problems()).containsExactly(Problem.error(
                "traefik/http/services/app/loadBalancer/serversTransport", "missing",
                "serversTransport missing does not exist", EntityRef.service("app")));
    }

    @Test
    void aServiceNamesItsTransportPlainOrWithItsOwnProviderOrTheStaticDefault() {
        DecodedConfig decoded = decode(
                "serversTransports/slow/forwardingTimeouts/responseHeaderTimeout", "2s",
                "services/plain/loadBalancer/servers/0/url", "http://10.0.0.1:80",
                "services/plain/loadBalancer/serversTransport", "slow",
                "services/qualified/loadBalancer/servers/0/url", "http://10.0.0.1:80",
                "services/qualified/loadBalancer/serversTransport", "slow@etcd",
                "services/static/loadBalancer/servers/0/url", "http://10.0.0.1:80",
                "services/static/loadBalancer/serversTransport", "default@internal");

        assertThat(decoded.problems()).isEmpty();
        assertThat(((LoadBalancerService) decoded.model().services().get("qualified")).serversTransport())
                .contains("slow@etcd");
    }

    @Test
    void transportsRoundTripThroughTheEncoder() {
        DecodedConfig first = decode(
                "serversTransports/slow/forwardingTimeouts/responseHeaderTimeout", "2s",
                "serversTransports/slow/forwardingTimeouts/dialTimeout", "0s",
                "serversTransports/tls/insecureSkipVerify", "true",
                "serversTransports/tls/rootCAs/0", "/etc/ca.pem");

        EncodedPairs encoded = TraefikKvEncoder.encode(TraefikJsonMapper.toJson(first.model()), "traefik",
                EncodeOptions.of(Layout.V3));
        DecodedConfig second = ConfigDecoder.decode(encoded.pairs(), "traefik", LayoutChoice.AUTO);

        assertThat(encoded.problems()).isEmpty();
        assertThat(second.model()).isEqualTo(first.model());
        assertThat(second.model().serversTransport("slow")).map(ServersTransport::forwardingTimeouts)
                .contains(Optional.of(new ForwardingTimeouts(Duration.ZERO, Duration.ofSeconds(2),
                        Duration.ofSeconds(90), Duration.ZERO, Duration.ofSeconds(15))));
    }
}
