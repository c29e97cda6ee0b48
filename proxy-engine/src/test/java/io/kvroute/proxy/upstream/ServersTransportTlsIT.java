package io.kvroute.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.kvroute.proxy.routing.Exclusion;
import io.kvroute.proxy.testing.ProxyHarness;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TestPki;
import io.kvroute.proxy.testing.TlsBackend;
import io.kvroute.proxy.testing.TraefikKeys;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code https://} servers through a running proxy on etcd, with servers transports as Traefik applies them: HTTPS
 * backends with certificates of a private CA are refused (REFUSED) until the transport's {@code rootCAs} trust it, the
 * certificate must carry the {@code serverName} (sent as SNI) or the URL's host, a backend that requires a client
 * certificate gets the transport's {@code certificates}, {@code insecureSkipVerify} accepts any certificate, and
 * {@code peerCertURI} requires a URI in the certificate.
 */
class ServersTransportTlsIT {
    @RegisterExtension
    static final ProxyHarness HARNESS = new ProxyHarness();

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

    /**
     * What a certificate the transport's checks refuse gets once no other server is left: Traefik's 500 (Go's
     * {@code tls.CertificateVerificationError} is no {@code net.Error}). The handshake ends before the connection is
     * handed to the HTTP client, so the cause is known.
     */
    private static final int REFUSED = 500;

    /**
     * What a handshake the server refuses (no client certificate) gets: 503 when, in TLS 1.3, the server's alert comes
     * after the client's handshake ended (it fails the request sent on the connection, with no cause), 500 when it
     * comes while kvroute still reads the handshake (the dial fails with it); which one is a race on the server's side.
     * Traefik: 502.
     */
    private static final List<Integer> SERVER_REFUSED = List.of(500, 503);

    private final RunningProxy proxy = HARNESS.proxy();
    private final TlsBackend backend = TlsBackend.start("private-ca", BACKEND.context());

    @AfterEach
    void stopBackend() {
        backend.close();
    }

    private static TraefikKeys service(TraefikKeys keys, String name, String url, String transport) {
        keys.router(name, "Host(`" + name + ".test`)", name).server(name, "s", url);
        return transport.isEmpty() ? keys : keys.loadBalancer(name, "serversTransport", transport);
    }

    @Test
    void aPrivateCaIsRefusedUntilRootCAsTrustItAsContentOrFile(@TempDir Path dir) throws IOException {
        Path caFile = Files.writeString(dir.resolve("ca.pem"), CA.certPem());
        TraefikKeys keys = new TraefikKeys()
                .serversTransport("content", "rootCAs/0", CA.certPem())
                .serversTransport("file", "rootCAs/0", caFile.toString());
        service(keys, "system", backend.url("127.0.0.1"), "");
        service(keys, "content", backend.url("127.0.0.1"), "content");
        service(keys, "file", backend.url("127.0.0.1"), "file");
        proxy.apply(keys.build());

        assertThat(proxy.get("system.test", "/").statusCode()).isEqualTo(REFUSED);
        assertThat(proxy.get("content.test", "/").body()).isEqualTo("private-ca");
        assertThat(proxy.get("file.test", "/").body()).isEqualTo("private-ca");
        assertThat(backend.received()).extracting(TlsBackend.Received::sni).containsExactly("", "");
    }

    @Test
    void theCertificateMustCarryTheServerNameWhichIsSentAsSni() {
        TraefikKeys keys = new TraefikKeys()
                .serversTransport("named", "rootCAs/0", CA.certPem())
                .serversTransport("named", "serverName", "backend.test")
                .serversTransport("other", "rootCAs/0", CA.certPem())
                .serversTransport("other", "serverName", "other.test");
        service(keys, "named", backend.url("127.0.0.1"), "named");
        service(keys, "other", backend.url("127.0.0.1"), "other");
        proxy.apply(keys.build());

        assertThat(proxy.get("named.test", "/").body()).isEqualTo("private-ca");
        assertThat(proxy.get("other.test", "/").statusCode()).isEqualTo(REFUSED);
        assertThat(backend.received()).extracting(TlsBackend.Received::sni).containsExactly("backend.test");
    }

    @Test
    void aServerNameTheJdkCannotSendAsSniLeavesTheRouterOutWithTheKey() {
        TraefikKeys keys = new TraefikKeys()
                .serversTransport("underscore", "insecureSkipVerify", "true")
                .serversTransport("underscore", "serverName", "db_primary.test");
        service(keys, "underscore", backend.url("127.0.0.1"), "underscore");
        proxy.apply(keys.build());

        assertThat(proxy.runtime().snapshot().routing().exclusions()).extracting(Exclusion::toLine).contains(
                "router underscore: service underscore is unusable: serversTransport underscore: serverName "
                        + "\"db_primary.test\": the JDK cannot send it as the TLS server name (SNI) nor check it in "
                        + "certificates (Contains non-LDH ASCII characters); Traefik sends it unchecked");
        assertThat(proxy.get("underscore.test", "/").statusCode()).isEqualTo(404);
        assertThat(backend.received()).isEmpty();
    }

    @Test
    void aServerRequiringAClientCertificateGetsTheTransportsCertificates() {
        try (TlsBackend mutual = TlsBackend.requiringClientCertificate("mutual",
                BACKEND.context(CLIENT_CA.certificate()))) {
            TraefikKeys keys = new TraefikKeys()
                    .serversTransport("anonymous", "rootCAs/0", CA.certPem())
                    .serversTransport("mtls", "rootCAs/0", CA.certPem())
                    .serversTransport("mtls", "certificates/0/certFile", CLIENT.certPem())
                    .serversTransport("mtls", "certificates/0/keyFile", CLIENT.keyPem());
            service(keys, "anonymous", mutual.url("127.0.0.1"), "anonymous");
            service(keys, "mtls", mutual.url("127.0.0.1"), "mtls");
            proxy.apply(keys.build());

            assertThat(proxy.get("anonymous.test", "/").statusCode()).isIn(SERVER_REFUSED);
            assertThat(proxy.get("mtls.test", "/").body()).isEqualTo("mutual");
            assertThat(mutual.received()).extracting(TlsBackend.Received::clientSubject)
                    .containsExactly("CN=kvroute proxy");
        }
    }

    /**
     * Files rewritten in place (a renewed client certificate and key, a CA file now naming another CA, the same
     * paths) are read again by the next build, as the entry points' certificates are: the next new connection to the
     * server presents the renewed certificate and trusts the new CA, the unchanged transport's idle connection made
     * with the old files is not reused.
     */
    @Test
    void filesRewrittenInPlaceAreUsedByTheNextConnectionAfterTheNextBuild(@TempDir Path dir) throws IOException {
        Path certFile = Files.writeString(dir.resolve("client.crt"), CLIENT.certPem());
        Path keyFile = Files.writeString(dir.resolve("client.key"), CLIENT.keyPem());
        Path caFile = Files.writeString(dir.resolve("ca.pem"), CA.certPem());
        TestPki.Issued otherCa = TestPki.ca("CN=kvroute backends CA renewed");
        TestPki.Issued renewedBackend = TestPki.leaf(otherCa, "CN=backend.test", BigInteger.valueOf(3), NOT_BEFORE,
                NOT_AFTER, List.of(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
        try (TlsBackend mutual = TlsBackend.requiringClientCertificate("mutual",
                BACKEND.context(CLIENT_CA.certificate()));
                TlsBackend renewedCa = TlsBackend.start("renewed-ca", renewedBackend.context())) {
            TraefikKeys keys = new TraefikKeys()
                    .serversTransport("mtls", "rootCAs/0", caFile.toString())
                    .serversTransport("mtls", "certificates/0/certFile", certFile.toString())
                    .serversTransport("mtls", "certificates/0/keyFile", keyFile.toString());
            service(keys, "mtls", mutual.url("127.0.0.1"), "mtls");
            service(keys, "ca", renewedCa.url("127.0.0.1"), "mtls");
            proxy.apply(keys.build());
            assertThat(proxy.get("mtls.test", "/").body()).isEqualTo("mutual");

            TestPki.Issued renewed = TestPki.leaf(CLIENT_CA, "CN=kvroute proxy renewed", BigInteger.valueOf(11),
                    NOT_BEFORE, NOT_AFTER, List.of());
            Files.writeString(certFile, renewed.certPem());
            Files.writeString(keyFile, renewed.keyPem());
            Files.writeString(caFile, CA.certPem() + otherCa.certPem());
            proxy.apply(new TraefikKeys().middleware("unrelated", "stripPrefix/prefixes/0", "/api").build());

            assertThat(proxy.get("mtls.test", "/").body()).isEqualTo("mutual");
            assertThat(proxy.get("ca.test", "/").body()).as("signed by the CA added to the file").isEqualTo("renewed-ca");
            assertThat(mutual.received()).extracting(TlsBackend.Received::clientSubject)
                    .containsExactly("CN=kvroute proxy", "CN=kvroute proxy renewed");
        }
    }

    /**
     * A request routed before its transport's TLS was replaced (held here by a forwardAuth server until the change
     * serves) gets no connection made with the TLS the configuration no longer has: 503, the backend trusted only by
     * the old rootCAs never sees it; the next request is made with the new TLS (which refuses that backend).
     */
    @Test
    void aRequestRoutedBeforeItsTransportsTlsWasReplacedGetsNoConnectionWithTheOldTls() throws Exception {
        TestPki.Issued otherCa = TestPki.ca("CN=kvroute other backends CA");
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HttpServer auth = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        auth.createContext("/", exchange -> {
            asked.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        auth.start();
        try {
            TraefikKeys keys = new TraefikKeys().serversTransport("t", "rootCAs/0", CA.certPem())
                    .middleware("held", "forwardAuth/address", "http://127.0.0.1:" + auth.getAddress().getPort()
                            + "/check")
                    .middlewares("retired", "held");
            proxy.apply(service(keys, "retired", backend.url("127.0.0.1"), "t").build());
            CompletableFuture<HttpResponse<String>> routed = proxy.client().sendAsync(
                    proxy.request("retired.test", "/routed").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(asked.await(30, TimeUnit.SECONDS)).as("the request was routed").isTrue();

            proxy.apply(Map.of("traefik/http/serversTransports/t/rootCAs/0", otherCa.certPem()));
            release.countDown();

            assertThat(routed.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(503);
            assertThat(proxy.get("retired.test", "/next").statusCode()).isEqualTo(REFUSED);
            assertThat(backend.received()).as("requests that reached the backend").isEmpty();
        } finally {
            release.countDown();
            auth.stop(0);
        }
    }

    @Test
    void insecureSkipVerifyAcceptsAnyCertificateAndPeerCertUriStillChecksTheChainAndTheUri() throws Exception {
        TestPki.Issued stranger = TestPki.ca("CN=self-signed stranger");
        try (TlsBackend selfSigned = TlsBackend.start("self-signed", stranger.context())) {
            TraefikKeys keys = new TraefikKeys()
                    .serversTransport("insecure", "insecureSkipVerify", "true")
                    .serversTransport("uri", "rootCAs/0", CA.certPem())
                    .serversTransport("uri", "peerCertURI", "spiffe://kvroute.test/backend")
                    .serversTransport("wrong-uri", "rootCAs/0", CA.certPem())
                    .serversTransport("wrong-uri", "peerCertURI", "spiffe://kvroute.test/other")
                    .serversTransport("insecure-uri", "insecureSkipVerify", "true")
                    .serversTransport("insecure-uri", "peerCertURI", "spiffe://kvroute.test/backend");
            service(keys, "insecure", selfSigned.url("127.0.0.1"), "insecure");
            service(keys, "uri", backend.url("127.0.0.1"), "uri");
            service(keys, "wrong-uri", backend.url("127.0.0.1"), "wrong-uri");
            service(keys, "insecure-uri", backend.url("localhost"), "insecure-uri");
            proxy.apply(keys.build());

            assertThat(proxy.get("insecure.test", "/").body()).isEqualTo("self-signed");
            assertThat(proxy.get("uri.test", "/").body()).isEqualTo("private-ca");
            assertThat(proxy.get("wrong-uri.test", "/").statusCode()).isEqualTo(REFUSED);
            // No name check with insecureSkipVerify, but the chain must lead to a trusted root (the JDK's here).
            assertThat(proxy.get("insecure-uri.test", "/").statusCode()).isEqualTo(REFUSED);
            assertThat(InetAddress.getByName("localhost").isLoopbackAddress()).isTrue();
        }
    }
}
