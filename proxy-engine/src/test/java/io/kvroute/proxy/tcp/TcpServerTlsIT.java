package io.kvroute.proxy.tcp;

import static io.kvroute.proxy.testing.TcpClients.connect;
import static io.kvroute.proxy.testing.TcpClients.reader;
import static io.kvroute.proxy.testing.TcpClients.tlsConnect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.common.collect.MoreCollectors;
import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.kv.testing.TestCertificate;
import io.kvroute.kv.testing.TlsFixtures;
import io.kvroute.proxy.routing.Exclusion;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TcpEchoServer;
import io.kvroute.proxy.testing.TestPki;
import io.kvroute.proxy.testing.TlsClient;
import io.kvroute.proxy.testing.TraefikKeys;
import io.kvroute.proxy.upstream.TlsToServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * TCP servers dialled with TLS ({@code tls} on the server, the TCP servers transport's {@code tls}), end to end with
 * JDK TLS echo servers on loopback whose certificates come from a CA made for the test: the relay works through a
 * plain {@code HostSNI(`*`)} router and through a router terminating the client's TLS, the server sees the
 * {@code serverName} as SNI, a certificate that does not chain to {@code rootCAs} or lacks the {@code peerCertURI}
 * is refused (the client's connection closed, nothing relayed, a warning logged), a server requiring a client
 * certificate gets the transport's, and a rebuild keeps the TLS of an unchanged transport and dials a changed one with
 * its new settings.
 */
class TcpServerTlsIT {
    private static final String TCP = "traefik/tcp/";
    private static final Instant NOT_BEFORE = Instant.now().minusSeconds(60);
    private static final Instant NOT_AFTER = Instant.now().plusSeconds(3600);
    private static final TestPki.Issued CA = TestPki.ca("CN=kvroute TCP servers CA");
    private static final TestPki.Issued SERVER = TestPki.leaf(CA, "CN=db.test", BigInteger.TWO, NOT_BEFORE, NOT_AFTER,
            List.of(new GeneralName(GeneralName.dNSName, "db.test"),
                    new GeneralName(GeneralName.uniformResourceIdentifier, "spiffe://kvroute.test/db")));
    private static final TestPki.Issued CLIENT_CA = TestPki.ca("CN=kvroute TCP clients CA");
    private static final TestPki.Issued CLIENT = TestPki.leaf(CLIENT_CA, "CN=kvroute proxy", BigInteger.TEN,
            NOT_BEFORE, NOT_AFTER, List.of());

    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    /** A plain catch-all router to the echo server at {@code address} over transport {@code tls} with TLS. */
    private static TraefikKeys plainRouterToTlsServer(String address) {
        return new TraefikKeys()
                .tcpRouter("db", "HostSNI(`*`)", "db")
                .tcpServer("db", 0, address)
                .put(TCP + "services/db/loadBalancer/servers/0/tls", "true")
                .put(TCP + "services/db/loadBalancer/serversTransport", "tls")
                .put(TCP + "serversTransports/tls/tls/serverName", "db.test");
    }

    @Test
    void plainBytesGoThroughTlsToTheServerWhichSeesTheServerNameAsSni() throws IOException {
        try (TcpEchoServer echo = TcpEchoServer.tls("db", SERVER.context(), false);
                RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(plainRouterToTlsServer(echo.address())
                    .put(TCP + "serversTransports/tls/tls/rootCAs/0", CA.certPem()).build());

            try (Socket socket = connect(proxy); BufferedReader in = reader(socket)) {
                assertThat(in.readLine()).isEqualTo("db");
                socket.getOutputStream().write("select 1\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(in.readLine()).isEqualTo("select 1");
            }
            assertThat(echo.handshakes()).containsExactly(new TcpEchoServer.Handshake("db.test", ""));
        }
    }

    @Test
    void aRebuildKeepsTheTlsOfAnUnchangedTransportAndDialsAChangedOneWithItsNewSettings() throws IOException {
        TestPki.Issued stranger = TestPki.ca("CN=stranger CA");
        try (TcpEchoServer echo = TcpEchoServer.tls("db", SERVER.context(), false);
                RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(plainRouterToTlsServer(echo.address())
                    .put(TCP + "serversTransports/tls/tls/rootCAs/0", CA.certPem()).build());
            assertEchoed(proxy, "first");
            TlsToServer built = singleServerTls(proxy);

            proxy.apply(new TraefikKeys().put(TCP + "middlewares/unused/inFlightConn/amount", "10").build());
            assertThat(singleServerTls(proxy)).as("kept by the rebuild").isSameAs(built);
            assertEchoed(proxy, "kept");

            proxy.apply(new TraefikKeys().put(TCP + "serversTransports/tls/tls/rootCAs/0", stranger.certPem())
                    .build());
            assertClosedWithNothingRelayed(proxy);
            proxy.apply(new TraefikKeys().put(TCP + "serversTransports/tls/tls/rootCAs/0", CA.certPem()).build());
            assertThat(singleServerTls(proxy)).as("compiled anew after the change").isNotSameAs(built);
            assertEchoed(proxy, "again");
        }
    }

    private static TlsToServer singleServerTls(RunningProxy proxy) {
        return proxy.runtime().tcpRouting().serverTls().values().stream().collect(MoreCollectors.onlyElement());
    }

    private static void assertEchoed(RunningProxy proxy, String line) throws IOException {
        try (Socket socket = connect(proxy); BufferedReader in = reader(socket)) {
            assertThat(in.readLine()).isEqualTo("db");
            socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).isEqualTo(line);
        }
    }

    @Test
    void theClientsTlsIsTerminatedAndItsBytesGoOnInTheServersTls() throws IOException {
        TestCertificate b = TlsFixtures.b();
        try (TcpEchoServer echo = TcpEchoServer.tls("db", SERVER.context(), false);
                RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(plainRouterToTlsServer(echo.address())
                    .put(TCP + "serversTransports/tls/tls/rootCAs/0", CA.certPem())
                    .put(TCP + "routers/db/rule", "HostSNI(`b.test`)")
                    .put(TCP + "routers/db/tls", "")
                    .put("traefik/tls/certificates/b/certFile", b.certPem())
                    .put("traefik/tls/certificates/b/keyFile", b.keyPem())
                    .build());

            try (SSLSocket socket = tlsConnect(proxy, TlsClient.trusting(b.certificate()), "b.test");
                    BufferedReader in = reader(socket)) {
                assertThat(in.readLine()).isEqualTo("db");
                socket.getOutputStream().write("inside\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(in.readLine()).isEqualTo("inside");
            }
            assertThat(echo.handshakes()).containsExactly(new TcpEchoServer.Handshake("db.test", ""));
            assertThat(new String(echo.received().get(0), StandardCharsets.US_ASCII)).isEqualTo("inside\n");
        }
    }

    @Test
    void aServerWhoseCertificateDoesNotChainToTheRootsIsRefusedAndLogged() throws IOException {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger(TcpForwarding.class);
        logger.addAppender(log);
        try (TcpEchoServer echo = TcpEchoServer.tls("db", SERVER.context(), false);
                RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(plainRouterToTlsServer(echo.address()).build());

            assertClosedWithNothingRelayed(proxy);
            assertThat(echo.handshakes()).isEmpty();
            assertThat(echo.received()).allSatisfy(bytes -> assertThat(bytes).isEmpty());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(log.list)
                    .filteredOn(event -> event.getLevel() == Level.WARN).extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(line -> assertThat(line).contains("to router db closed: TLS with server "
                            + echo.address() + " failed: its certificate was refused: PKIX path building failed")));
        } finally {
            logger.detachAppender(log);
        }
    }

    @Test
    void aCertificateWithoutThePeerCertUriIsRefusedOneWithItServes() throws IOException {
        try (TcpEchoServer echo = TcpEchoServer.tls("db", SERVER.context(), false);
                RunningProxy proxy = RunningProxy.start(ETCD)) {
            TraefikKeys keys = plainRouterToTlsServer(echo.address())
                    .put(TCP + "serversTransports/tls/tls/rootCAs/0", CA.certPem())
                    .put(TCP + "serversTransports/tls/tls/peerCertURI", "spiffe://kvroute.test/other");
            proxy.apply(keys.build());
            assertClosedWithNothingRelayed(proxy);

            proxy.apply(keys.put(TCP + "serversTransports/tls/tls/peerCertURI", "spiffe://kvroute.test/db").build());
            try (Socket socket = connect(proxy); BufferedReader in = reader(socket)) {
                assertThat(in.readLine()).isEqualTo("db");
            }
        }
    }

    @Test
    void aServerRequiringAClientCertificateGetsTheTransports() throws IOException {
        try (TcpEchoServer echo = TcpEchoServer.tls("db", SERVER.context(CLIENT_CA.certificate()), true);
                RunningProxy proxy = RunningProxy.start(ETCD)) {
            TraefikKeys keys = plainRouterToTlsServer(echo.address())
                    .put(TCP + "serversTransports/tls/tls/rootCAs/0", CA.certPem());
            proxy.apply(keys.build());
            assertClosedWithNothingRelayed(proxy);

            proxy.apply(keys.put(TCP + "serversTransports/tls/tls/certificates/0/certFile", CLIENT.certPem())
                    .put(TCP + "serversTransports/tls/tls/certificates/0/keyFile", CLIENT.keyPem()).build());
            try (Socket socket = connect(proxy); BufferedReader in = reader(socket)) {
                assertThat(in.readLine()).isEqualTo("db");
                socket.getOutputStream().write("mutual\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(in.readLine()).isEqualTo("mutual");
            }
            assertThat(echo.handshakes()).containsExactly(new TcpEchoServer.Handshake("db.test", "CN=kvroute proxy"));
        }
    }

    /**
     * A client certificate renewed in place (the same certFile and keyFile paths, new content) is read again by the
     * next build, as the entry points' certificates are: the kept TLS context is made anew, and the server sees the
     * renewed certificate.
     */
    @Test
    void aClientCertificateRenewedInPlaceIsPresentedAfterTheNextBuild(@TempDir Path dir) throws IOException {
        Path certFile = dir.resolve("client.crt");
        Path keyFile = dir.resolve("client.key");
        Files.writeString(certFile, CLIENT.certPem());
        Files.writeString(keyFile, CLIENT.keyPem());
        try (TcpEchoServer echo = TcpEchoServer.tls("db", SERVER.context(CLIENT_CA.certificate()), true);
                RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(plainRouterToTlsServer(echo.address())
                    .put(TCP + "serversTransports/tls/tls/rootCAs/0", CA.certPem())
                    .put(TCP + "serversTransports/tls/tls/certificates/0/certFile", certFile.toString())
                    .put(TCP + "serversTransports/tls/tls/certificates/0/keyFile", keyFile.toString()).build());
            assertEchoed(proxy, "first");
            TlsToServer built = singleServerTls(proxy);

            proxy.apply(new TraefikKeys().put(TCP + "middlewares/unused/inFlightConn/amount", "10").build());
            assertThat(singleServerTls(proxy)).as("the same files: kept").isSameAs(built);
            TestPki.Issued renewed = TestPki.leaf(CLIENT_CA, "CN=kvroute proxy renewed", BigInteger.valueOf(11),
                    NOT_BEFORE, NOT_AFTER, List.of());
            Files.writeString(certFile, renewed.certPem());
            Files.writeString(keyFile, renewed.keyPem());
            proxy.apply(new TraefikKeys().put(TCP + "middlewares/unused/inFlightConn/amount", "11").build());
            assertThat(singleServerTls(proxy)).as("the files' content changed: made anew").isNotSameAs(built);
            assertEchoed(proxy, "renewed");

            assertThat(echo.handshakes()).extracting(TcpEchoServer.Handshake::clientSubject)
                    .containsExactly("CN=kvroute proxy", "CN=kvroute proxy renewed");
        }
    }

    @Test
    void theProxyProtocolHeaderGoesInClearBeforeTheTlsHandshake() throws IOException {
        try (TcpEchoServer echo = TcpEchoServer.proxyHeaderThenTls("db", SERVER.context());
                RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(plainRouterToTlsServer(echo.address())
                    .put(TCP + "serversTransports/tls/tls/rootCAs/0", CA.certPem())
                    .put(TCP + "serversTransports/tls/proxyProtocol/version", "1").build());

            int clientPort;
            try (Socket socket = connect(proxy); BufferedReader in = reader(socket)) {
                clientPort = socket.getLocalPort();
                assertThat(in.readLine()).isEqualTo("db");
                socket.getOutputStream().write("after\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(in.readLine()).isEqualTo("after");
            }
            int proxyPort = proxy.runtime().address(RunningProxy.ENTRY_POINT).getPort();
            assertThat(new String(echo.received().get(0), StandardCharsets.US_ASCII)).isEqualTo(
                    "PROXY TCP4 127.0.0.1 127.0.0.1 " + clientPort + " " + proxyPort + "\r\nafter\n");
            assertThat(echo.handshakes()).containsExactly(new TcpEchoServer.Handshake("db.test", ""));
        }
    }

    @Test
    void behindAPassthroughRouterTheClientsTlsGoesInsideTheServersTls() throws IOException {
        TestPki.Issued inner = TestPki.leaf(CA, "CN=b.test", BigInteger.valueOf(3), NOT_BEFORE, NOT_AFTER,
                List.of(new GeneralName(GeneralName.dNSName, "b.test")));
        try (TcpEchoServer echo = TcpEchoServer.tlsInTls("db", SERVER.context(), inner.context());
                RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(plainRouterToTlsServer(echo.address())
                    .put(TCP + "serversTransports/tls/tls/rootCAs/0", CA.certPem())
                    .put(TCP + "routers/db/rule", "HostSNI(`b.test`)")
                    .put(TCP + "routers/db/tls/passthrough", "true")
                    .build());

            try (SSLSocket socket = tlsConnect(proxy, TlsClient.trusting(inner.certificate()), "b.test");
                    BufferedReader in = reader(socket)) {
                assertThat(in.readLine()).isEqualTo("db");
                socket.getOutputStream().write("twice\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(in.readLine()).isEqualTo("twice");
            }
            assertThat(echo.handshakes()).containsExactly(new TcpEchoServer.Handshake("db.test", ""),
                    new TcpEchoServer.Handshake("b.test", ""));
        }
    }

    @Test
    void aServerNameTheJdkCannotSendAsSniLeavesTheRouterOutWithTheKey() throws IOException {
        try (TcpEchoServer echo = TcpEchoServer.tls("db", SERVER.context(), false);
                RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(plainRouterToTlsServer(echo.address())
                    .put(TCP + "serversTransports/tls/tls/insecureSkipVerify", "true")
                    .put(TCP + "serversTransports/tls/tls/serverName", "db_primary.test")
                    .put(TCP + "routers/db/middlewares/0", "one")
                    .put(TCP + "middlewares/one/inFlightConn/amount", "1").build());

            assertThat(proxy.runtime().tcpRouting().exclusions()).extracting(Exclusion::entity)
                    .containsExactly(EntityRef.tcpRouter("db"), EntityRef.tcpService("db"));
            assertThat(proxy.runtime().tcpRouting().exclusions().get(0).reasons()).singleElement().asString()
                    .startsWith("service: serversTransports/tls/tls/serverName \"db_primary.test\": the JDK cannot send"
                            + " it as the TLS server name (SNI)");
            assertThat(echo.handshakes()).isEmpty();
        }
    }

    @Test
    void aClientResetDuringTheServersHandshakeIsNoServerTlsFailure() throws IOException {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger(TcpForwarding.class);
        Level level = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        logger.addAppender(log);
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(plainRouterToTlsServer("127.0.0.1:" + silent.getLocalPort())
                    .put(TCP + "serversTransports/tls/tls/rootCAs/0", CA.certPem()).build());

            try (Socket socket = connect(proxy); Socket accepted = silent.accept()) {
                assertThat(accepted.getInputStream().read()).as("the ClientHello's first byte").isEqualTo(0x16);
                socket.setSoLinger(true, 0);
                socket.close();
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(log.list)
                        .extracting(ILoggingEvent::getFormattedMessage)
                        .anySatisfy(line -> assertThat(line).contains("to router db closed: ")));
            }
            assertThat(log.list).filteredOn(event -> event.getLevel() == Level.WARN).isEmpty();
        } finally {
            logger.detachAppender(log);
            logger.setLevel(level);
        }
    }

    /** A client of the plain router sends a line and gets nothing back but the end of the connection. */
    private static void assertClosedWithNothingRelayed(RunningProxy proxy) throws IOException {
        try (Socket socket = connect(proxy)) {
            socket.getOutputStream().write("secret\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        } catch (java.net.SocketException reset) {
            assertThat(reset.getMessage()).containsIgnoringCase("reset");
        }
    }
}
