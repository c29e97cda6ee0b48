package io.kvroute.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.model.CertificateFiles;
import io.kvroute.kv.model.FileOrContent;
import io.kvroute.kv.model.HealthCheck;
import io.kvroute.proxy.balancer.ServerKey;
import io.kvroute.proxy.testing.Http2Backend;
import io.kvroute.proxy.testing.TestPki;
import io.kvroute.proxy.testing.TlsBackend;
import io.kvroute.proxy.upstream.ServerTls;
import io.kvroute.proxy.upstream.ServerTlsSettings;
import io.kvroute.proxy.upstream.TransportException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Probes of {@code https} servers use the TLS of their service's servers transport, as its requests do and as
 * Traefik's health checks do: real HTTPS servers on 127.0.0.1 with certificates of a private CA, probed UP when the
 * transport's {@code rootCAs} trust it, DOWN naming the refusal when the certificate does not carry the
 * {@code serverName} or {@code peerCertURI}, with the transport's client certificate for a server that requires one;
 * a new transport TLS for a watched server reaches its probes; h2 is offered by ALPN unless the transport sets
 * {@code disableHTTP2}.
 */
class TransportTlsProbeTest extends CheckerTestSupport {
    private static final ServerKey KEY = new ServerKey("app", "a");
    private static final HealthCheck SPEC = Specs.fast("/health").withTimeout(Duration.ofSeconds(2));
    private static final Instant NOT_BEFORE = Instant.now().minusSeconds(60);
    private static final Instant NOT_AFTER = Instant.now().plusSeconds(3600);
    private static final TestPki.Issued CA = TestPki.ca("CN=kvroute backends CA");
    private static final TestPki.Issued BACKEND = TestPki.leaf(CA, "CN=backend.test", BigInteger.TWO, NOT_BEFORE,
            NOT_AFTER, List.of(new GeneralName(GeneralName.dNSName, "backend.test"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.uniformResourceIdentifier, "spiffe://kvroute.test/backend")));
    private static final TestPki.Issued CLIENT_CA = TestPki.ca("CN=kvroute clients CA");
    private static final TestPki.Issued CLIENT = TestPki.leaf(CLIENT_CA, "CN=kvroute proxy", BigInteger.TEN,
            NOT_BEFORE, NOT_AFTER, List.of());

    private final TlsBackend backend = TlsBackend.start("private-ca", BACKEND.context());

    @AfterEach
    void stopBackend() {
        backend.close();
    }

    @Test
    void aServerWhoseCertificateOnlyTheTransportsRootCAsTrustIsUp() throws TransportException {
        watch(backend.url("127.0.0.1"), tls(settings("", false, "")));

        assertThat(awaitState(KEY, HealthState.UP).lastProbe().orElseThrow().describe()).isEqualTo("status 200");
        assertThat(backend.received()).isNotEmpty().allSatisfy(seen -> assertThat(seen.sni()).isEmpty());
    }

    @Test
    void theServerNameIsSentAsSniAndMustBeInTheCertificate() throws TransportException {
        watch(backend.url("127.0.0.1"), tls(settings("backend.test", false, "")));

        awaitState(KEY, HealthState.UP);
        assertThat(backend.received()).isNotEmpty()
                .allSatisfy(seen -> assertThat(seen.sni()).isEqualTo("backend.test"));
    }

    @Test
    void aServerNameTheCertificateDoesNotCarryIsDownNamingTheRefusal() throws TransportException {
        watch(backend.url("127.0.0.1"), tls(settings("other.test", false, "")));

        assertThat(awaitState(KEY, HealthState.DOWN).lastProbe().orElseThrow().describe())
                .startsWith(ProbeFailures.HANDSHAKE_REFUSED).contains("other.test");
        assertThat(backend.received()).isEmpty();
    }

    @Test
    void theUrlsHostMustBeInTheCertificateWithoutAServerName() throws TransportException {
        watch(backend.url("localhost"), tls(settings("", false, "")));

        assertThat(awaitState(KEY, HealthState.DOWN).lastProbe().orElseThrow().describe())
                .startsWith(ProbeFailures.HANDSHAKE_REFUSED).contains("localhost");
        assertThat(backend.received()).isEmpty();
    }

    @Test
    void aPeerCertUriTheCertificateDoesNotCarryIsDown() throws TransportException {
        watch(backend.url("127.0.0.1"), tls(settings("", false, "spiffe://kvroute.test/other")));

        assertThat(awaitState(KEY, HealthState.DOWN).lastProbe().orElseThrow().describe())
                .startsWith(ProbeFailures.HANDSHAKE_REFUSED).contains("spiffe://kvroute.test/other");
    }

    @Test
    void insecureSkipVerifyProbesASelfSignedServer() throws TransportException {
        TestPki.Issued stranger = TestPki.ca("CN=self-signed stranger");
        try (TlsBackend selfSigned = TlsBackend.start("self-signed", stranger.context())) {
            watch(selfSigned.url("localhost"), tls(new ServerTlsSettings("", true, List.of(), List.of(), "")));

            assertThat(awaitState(KEY, HealthState.UP).lastProbe().orElseThrow().describe())
                    .isEqualTo("status 200");
        }
    }

    @Test
    void aServerRequiringAClientCertificateGetsTheTransportsOne() throws TransportException {
        try (TlsBackend mutual = TlsBackend.requiringClientCertificate("mutual",
                BACKEND.context(CLIENT_CA.certificate()))) {
            ServerTlsSettings withClient = new ServerTlsSettings("", false, List.of(new FileOrContent(CA.certPem())),
                    List.of(CertificateFiles.of(CLIENT.certPem(), CLIENT.keyPem())), "");
            watch(mutual.url("127.0.0.1"), tls(withClient));

            assertThat(awaitState(KEY, HealthState.UP).lastProbe().orElseThrow().describe())
                    .isEqualTo("status 200");
            assertThat(mutual.received()).isNotEmpty()
                    .allSatisfy(seen -> assertThat(seen.clientSubject()).isEqualTo("CN=kvroute proxy"));
        }
    }

    @Test
    void aServerRequiringAClientCertificateIsDownWithoutOne() throws TransportException {
        try (TlsBackend mutual = TlsBackend.requiringClientCertificate("mutual",
                BACKEND.context(CLIENT_CA.certificate()))) {
            watch(mutual.url("127.0.0.1"), tls(settings("", false, "")));

            awaitState(KEY, HealthState.DOWN);
            assertThat(mutual.received()).isEmpty();
        }
    }

    @Test
    void aNewTransportTlsForAWatchedServerReachesItsProbes() throws TransportException {
        watch(backend.url("127.0.0.1"), ServerTls.jdkDefault());
        assertThat(awaitState(KEY, HealthState.DOWN).lastProbe().orElseThrow().describe())
                .startsWith(ProbeFailures.HANDSHAKE_REFUSED);

        watch(backend.url("127.0.0.1"), tls(settings("", false, "")));

        assertThat(awaitState(KEY, HealthState.UP).lastProbe().orElseThrow().describe()).isEqualTo("status 200");
    }

    /** As Traefik's health checks, which go through the service's transport: h2 by ALPN unless disableHTTP2. */
    @Test
    void probesOfferH2ByAlpnUnlessTheTransportDisablesHttp2() throws TransportException {
        ServerKey http1Key = new ServerKey("app", "b");
        try (Http2Backend h2 = Http2Backend.tls("h2", BACKEND.context());
                Http2Backend h1 = Http2Backend.tls("h1", BACKEND.context())) {
            ServerTls tls = tls(settings("", false, ""));
            watch(Set.of(new ProbeTarget(KEY, h2.url("https"), Optional.of(SPEC), tls, true),
                    new ProbeTarget(http1Key, h1.url("https"), Optional.of(SPEC), tls, false)));

            awaitState(KEY, HealthState.UP);
            awaitState(http1Key, HealthState.UP);
            assertThat(h2.received()).isNotEmpty().extracting(Http2Backend.Received::protocol)
                    .containsOnly("HTTP/2.0");
            assertThat(h1.received()).isNotEmpty().extracting(Http2Backend.Received::protocol)
                    .containsOnly("HTTP/1.1");
        }
    }

    /** Trusting the private CA, with these other settings. */
    private static ServerTlsSettings settings(String serverName, boolean insecureSkipVerify, String peerCertUri) {
        return new ServerTlsSettings(serverName, insecureSkipVerify, List.of(new FileOrContent(CA.certPem())),
                List.of(), peerCertUri);
    }

    private static ServerTls tls(ServerTlsSettings settings) throws TransportException {
        return ServerTls.compile(settings);
    }

    private void watch(String url, ServerTls tls) {
        watch(Set.of(new ProbeTarget(KEY, url, Optional.of(SPEC), tls)));
    }
}
