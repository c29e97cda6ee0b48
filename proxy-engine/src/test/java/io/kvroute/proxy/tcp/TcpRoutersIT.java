package io.kvroute.proxy.tcp;

import static io.kvroute.proxy.testing.TcpClients.connect;
import static io.kvroute.proxy.testing.TcpClients.reader;
import static io.kvroute.proxy.testing.TcpClients.tlsConnect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.kv.testing.TestCertificate;
import io.kvroute.kv.testing.TlsFixtures;
import io.kvroute.proxy.routing.Exclusion;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TcpEchoServer;
import io.kvroute.proxy.testing.TlsClient;
import io.kvroute.proxy.testing.TraefikKeys;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * TCP routers end to end, served beside HTTP routers on one entry point as Traefik serves them: plain TCP through
 * {@code HostSNI(`*`)} (the server speaks first), TLS passed through by SNI to two TLS servers, TLS terminated with
 * the store's certificate, rules in Traefik's v2 TCP syntax, the PROXY protocol header (v1 and v2) a server sees, and
 * a refused handshake of a terminating router closed right after its alert, and a router kvroute cannot serve left out
 * with its reason.
 */
class TcpRoutersIT {
    private static final String TCP = "traefik/tcp/";

    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    @Test
    void plainTcpGoesThroughTheCatchAllAndTheServerSpeaksFirst() throws IOException {
        try (TcpEchoServer echo = TcpEchoServer.plain("echo"); RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(new TraefikKeys()
                    .tcpRouter("all", "HostSNI(`*`)", "echo")
                    .tcpRouter("named", "HostSNI(`db.test`)", "echo")
                    .tcpServer("echo", 0, echo.address())
                    .build());

            try (Socket socket = connect(proxy); BufferedReader in = reader(socket)) {
                assertThat(in.readLine()).isEqualTo("echo");
                socket.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(in.readLine()).isEqualTo("ping");
            }
            assertThat(proxy.runtime().tcpRouting().exclusions()).extracting(Exclusion::entity)
                    .containsExactly(EntityRef.tcpRouter("named"));
            assertThat(proxy.runtime().tcpRouting().exclusions().get(0).reasons()).singleElement().asString()
                    .contains("has a HostSNI matcher but the router has no tls");
        }
    }

    @Test
    void tlsIsPassedThroughBySniToTwoTlsServersWhilePlainHttpStillServes() throws IOException {
        TestCertificate a = TlsFixtures.a();
        TestCertificate b = TlsFixtures.b();
        try (TcpEchoServer serverA = TcpEchoServer.tls("A", a); TcpEchoServer serverB = TcpEchoServer.tls("B", b);
                Backend web = Backend.start("web"); RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(new TraefikKeys()
                    .router("web", "Host(`web.test`)", "web").server("web", "one", web.url())
                    .tcpRouter("a", "HostSNI(`a.test`)", "a")
                    .put(TCP + "routers/a/tls/passthrough", "true")
                    .tcpRouter("b", "HostSNI(`b.test`)", "b")
                    .put(TCP + "routers/b/tls/passthrough", "true")
                    .tcpServer("a", 0, serverA.address())
                    .tcpServer("b", 0, serverB.address())
                    .build());

            assertThat(greetingOverTls(proxy, TlsClient.trusting(a.certificate()), "a.test")).isEqualTo("A");
            assertThat(greetingOverTls(proxy, TlsClient.trusting(b.certificate()), "b.test")).isEqualTo("B");
            assertThat(proxy.get("web.test", "/plain").body()).isEqualTo("web");
        }
    }

    @Test
    void tlsIsTerminatedWithTheStoresCertificateAndPlainBytesReachTheServer() throws IOException {
        TestCertificate b = TlsFixtures.b();
        try (TcpEchoServer echo = TcpEchoServer.plain("inside"); RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(new TraefikKeys()
                    .put("traefik/tls/certificates/b/certFile", b.certPem())
                    .put("traefik/tls/certificates/b/keyFile", b.keyPem())
                    .tcpRouter("b", "HostSNI(`b.test`)", "echo")
                    .put(TCP + "routers/b/tls", "")
                    .tcpServer("echo", 0, echo.address())
                    .build());

            try (SSLSocket socket = tlsConnect(proxy, TlsClient.trusting(b.certificate()), "b.test");
                    BufferedReader in = reader(socket)) {
                assertThat(in.readLine()).isEqualTo("inside");
                socket.getOutputStream().write("clear\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(in.readLine()).isEqualTo("clear");
            }
            assertThat(echo.received()).singleElement()
                    .satisfies(bytes -> assertThat(new String(bytes, StandardCharsets.US_ASCII)).isEqualTo("clear\n"));
        }
    }

    /**
     * An HTTPS router without a {@code Host} whose TLS options are unknown is left out, yet still makes its entry
     * point's HTTPS catch-all, as Traefik adds one for it: the TCP {@code HostSNI(`*`)} router that passed every TLS
     * connection through before no longer takes them (they get the proxy's certificate, not the passed-through
     * server's), so what was meant for the HTTPS router does not reach another server raw.
     */
    @Test
    void aLeftOutHttpsRouterWithoutHostKeepsItsConnectionsFromTheTcpCatchAll() throws IOException {
        TestCertificate a = TlsFixtures.a();
        try (TcpEchoServer raw = TcpEchoServer.tls("raw", a); Backend web = Backend.start("web");
                RunningProxy proxy = RunningProxy.start(ETCD)) {
            TraefikKeys keys = passingEverythingThrough(proxy, raw, a, "any.test");

            proxy.apply(keys.router("web", "PathPrefix(`/`)", "web").server("web", "one", web.url())
                    .put("traefik/http/routers/web/tls/options", "nosuch").build());

            awaitTerminated(proxy, "any.test", a);
            assertThat(proxy.runtime().snapshot().routing().leftOutTlsRouters())
                    .extracting(leftOut -> leftOut.router().name()).containsExactly("web");
        }
    }

    /**
     * An HTTPS router without a {@code Host} left out for its missing service (as it is, briefly, whenever an agent
     * writes a router before its service) still makes its entry point's HTTPS catch-all, as Traefik's router in error
     * does: its connections are no longer passed raw to the TCP {@code HostSNI(`*`)} router's server but terminated,
     * and the request gets Traefik's 404.
     */
    @Test
    void aHttpsRouterWithoutHostMissingItsServiceKeepsItsConnectionsFromTheTcpCatchAll() throws IOException {
        TestCertificate a = TlsFixtures.a();
        try (TcpEchoServer raw = TcpEchoServer.tls("raw", a); RunningProxy proxy = RunningProxy.start(ETCD)) {
            TraefikKeys keys = passingEverythingThrough(proxy, raw, a, "any.test");

            proxy.apply(keys.router("web", "PathPrefix(`/`)", "nosuch").put("traefik/http/routers/web/tls", "")
                    .build());

            int port = awaitTerminated(proxy, "any.test", a);
            assertThat(TlsClient.trustingAnything().get(port, Optional.of("any.test"), "any.test", "/"))
                    .startsWith("HTTP/1.1 404");
            assertThat(proxy.runtime().snapshot().routing().leftOutTlsRouters())
                    .extracting(leftOut -> leftOut.router().name()).containsExactly("web");
        }
    }

    /**
     * An HTTPS router of {@code Host(`a.test`)} left out for its missing service still claims its host on the HTTPS
     * side, as Traefik's router in error does: connections naming {@code a.test} are terminated, not passed raw to
     * the TCP {@code HostSNI(`*`)} router's server, which still gets those naming another host (no HTTPS catch-all).
     */
    @Test
    void aHttpsRouterOfAHostMissingItsServiceKeepsThatHostFromTheTcpCatchAll() throws IOException {
        TestCertificate a = TlsFixtures.a();
        try (TcpEchoServer raw = TcpEchoServer.tls("raw", a); RunningProxy proxy = RunningProxy.start(ETCD)) {
            TraefikKeys keys = passingEverythingThrough(proxy, raw, a, "a.test");

            proxy.apply(keys.router("web", "Host(`a.test`)", "nosuch").put("traefik/http/routers/web/tls", "")
                    .build());

            int port = awaitTerminated(proxy, "a.test", a);
            assertThat(TlsClient.trustingAnything().get(port, Optional.of("a.test"), "a.test", "/"))
                    .startsWith("HTTP/1.1 404");
            assertThat(greetingOverTls(proxy, TlsClient.trusting(a.certificate()), "other.test")).isEqualTo("raw");
        }
    }

    /**
     * A handshake the terminating router's options refuse ends with the TLS alert and the proxy's close right after
     * it, as Go's TLS ends it, not when a timeout comes; no server connection stays open for it.
     */
    @Test
    void aRefusedHandshakeOfATerminatingRouterEndsWithTheAlertAndTheClose() throws IOException {
        TestCertificate b = TlsFixtures.b();
        try (TcpEchoServer echo = TcpEchoServer.plain("inside"); RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(new TraefikKeys()
                    .put("traefik/tls/certificates/b/certFile", b.certPem())
                    .put("traefik/tls/certificates/b/keyFile", b.keyPem())
                    .put("traefik/tls/options/old/maxVersion", "VersionTLS12")
                    .tcpRouter("b", "HostSNI(`b.test`)", "echo")
                    .put(TCP + "routers/b/tls/options", "old")
                    .tcpServer("echo", 0, echo.address())
                    .build());
            TlsClient client = TlsClient.trusting(b.certificate());
            try (SSLSocket socket = tlsConnect(proxy, client, "b.test"); BufferedReader in = reader(socket)) {
                assertThat(in.readLine()).isEqualTo("inside");
            }

            byte[] answer = client.helloUntilClosed(proxy.runtime().address(RunningProxy.ENTRY_POINT).getPort(),
                    "b.test", Duration.ofSeconds(2), "TLSv1.3");

            assertThat(answer).as("an alert record: protocol_version").hasSizeGreaterThanOrEqualTo(7)
                    .startsWith((byte) 21).endsWith((byte) 70);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(proxy.runtime().tcpConnections().getOrDefault("b", 0L)).isZero());
        }
    }

    /**
     * Routers in Traefik's v2 TCP syntax ({@code ruleSyntax=v2}): a plain router whose {@code ClientIP} lists ranges
     * takes a client in its second range (the client speaks first: a rule that is not the catch-all waits for its
     * first bytes), one listing none of the client's does not, and a TLS router whose
     * {@code HostSNI} lists two names terminates TLS for either with the store's certificate of that name.
     */
    @Test
    void v2RulesWithListsOfRangesAndNamesRouteAsTraefikReadsThem() throws IOException {
        TestCertificate a = TlsFixtures.a();
        TestCertificate b = TlsFixtures.b();
        try (TcpEchoServer listed = TcpEchoServer.plain("listed"); TcpEchoServer other = TcpEchoServer.plain("other");
                TcpEchoServer inside = TcpEchoServer.plain("inside"); RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(new TraefikKeys()
                    .put("traefik/tls/certificates/a/certFile", a.certPem())
                    .put("traefik/tls/certificates/a/keyFile", a.keyPem())
                    .put("traefik/tls/certificates/b/certFile", b.certPem())
                    .put("traefik/tls/certificates/b/keyFile", b.keyPem())
                    .tcpRouter("listed", "HostSNI(`*`) && ClientIP(`10.9.0.0/16`, `127.0.0.0/8`)", "listed")
                    .put(TCP + "routers/listed/ruleSyntax", "v2")
                    .tcpRouter("other", "HostSNI(`*`) && ClientIP(`10.9.0.0/16`, `192.168.0.0/16`)", "other")
                    .put(TCP + "routers/other/ruleSyntax", "v2")
                    .put(TCP + "routers/other/priority", "1000")
                    .tcpRouter("names", "HostSNI(`a.test`, `b.test`)", "inside")
                    .put(TCP + "routers/names/ruleSyntax", "v2")
                    .put(TCP + "routers/names/tls", "")
                    .tcpServer("listed", 0, listed.address())
                    .tcpServer("other", 0, other.address())
                    .tcpServer("inside", 0, inside.address())
                    .build());

            assertThat(proxy.runtime().tcpRouting().exclusions()).isEmpty();
            try (Socket socket = connect(proxy); BufferedReader in = reader(socket)) {
                socket.getOutputStream().write("first\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(in.readLine()).isEqualTo("listed");
                assertThat(in.readLine()).isEqualTo("first");
            }
            assertThat(greetingOverTls(proxy, TlsClient.trusting(a.certificate()), "a.test")).isEqualTo("inside");
            assertThat(greetingOverTls(proxy, TlsClient.trusting(b.certificate()), "b.test")).isEqualTo("inside");
            assertThat(other.received()).isEmpty();
        }
    }

    @Test
    void theServerSeesTheClientsAddressInAProxyProtocolHeaderOfEitherVersion() throws IOException {
        try (TcpEchoServer echo = TcpEchoServer.plain("echo"); RunningProxy proxy = RunningProxy.start(ETCD)) {
            TraefikKeys keys = new TraefikKeys()
                    .tcpRouter("all", "HostSNI(`*`)", "echo")
                    .tcpServer("echo", 0, echo.address())
                    .put(TCP + "services/echo/loadBalancer/serversTransport", "pp")
                    .put(TCP + "serversTransports/pp/proxyProtocol/version", "1");
            proxy.apply(keys.build());
            int proxyPort = proxy.runtime().address(RunningProxy.ENTRY_POINT).getPort();

            int v1Client = exchangeLine(proxy);
            assertThat(new String(echo.received().get(0), StandardCharsets.US_ASCII)).isEqualTo(
                    "PROXY TCP4 127.0.0.1 127.0.0.1 " + v1Client + " " + proxyPort + "\r\nhello\n");

            proxy.apply(keys.put(TCP + "serversTransports/pp/proxyProtocol/version", "2").build());
            int v2Client = exchangeLine(proxy);
            ByteBuffer expected = ByteBuffer.allocate(28)
                    .put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A})
                    .put((byte) 0x21).put((byte) 0x11).putShort((short) 12)
                    .put(new byte[] {127, 0, 0, 1}).put(new byte[] {127, 0, 0, 1})
                    .putShort((short) v2Client).putShort((short) proxyPort);
            byte[] received = echo.received().get(1);
            assertThat(Arrays.copyOf(received, 28)).isEqualTo(expected.array());
            assertThat(new String(received, 28, received.length - 28, StandardCharsets.US_ASCII)).isEqualTo("hello\n");
        }
    }

    /**
     * Sends one line through the proxy, reads until its echo came back (after the greeting and the echoed PROXY
     * header), and returns the client's port.
     */
    private static int exchangeLine(RunningProxy proxy) throws IOException {
        try (Socket socket = connect(proxy)) {
            socket.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream echoed = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            while (!echoed.toString(StandardCharsets.US_ASCII).endsWith("hello\n") && echoed.size() < 256) {
                int read = in.read();
                if (read < 0) {
                    break;
                }
                echoed.write(read);
            }
            assertThat(echoed.toString(StandardCharsets.US_ASCII)).startsWith("echo\n").endsWith("hello\n");
            return socket.getLocalPort();
        }
    }

    /**
     * Applies a TCP {@code HostSNI(`*`)} router passing every TLS connection through to {@code raw}, and checks a
     * connection naming {@code sni} reaches it; returns the keys, for the test to add its HTTPS router to.
     */
    private static TraefikKeys passingEverythingThrough(RunningProxy proxy, TcpEchoServer raw,
            TestCertificate rawCertificate, String sni) throws IOException {
        TraefikKeys keys = new TraefikKeys()
                .tcpRouter("all", "HostSNI(`*`)", "raw")
                .put(TCP + "routers/all/tls/passthrough", "true")
                .tcpServer("raw", 0, raw.address());
        proxy.apply(keys.build());
        assertThat(greetingOverTls(proxy, TlsClient.trusting(rawCertificate.certificate()), sni)).isEqualTo("raw");
        return keys;
    }

    /** Waits until a connection naming {@code sni} is terminated by the proxy, not passed through; returns its port. */
    private static int awaitTerminated(RunningProxy proxy, String sni, TestCertificate rawCertificate) {
        int port = proxy.runtime().address(RunningProxy.ENTRY_POINT).getPort();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(TlsClient.trustingAnything().handshake(port, Optional.of(sni)).leaf())
                        .isNotEqualTo(rawCertificate.certificate()));
        return port;
    }

    private static String greetingOverTls(RunningProxy proxy, TlsClient client, String serverName)
            throws IOException {
        try (SSLSocket socket = tlsConnect(proxy, client, serverName); BufferedReader in = reader(socket)) {
            String greeting = in.readLine();
            socket.getOutputStream().write("x\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).isEqualTo("x");
            return greeting;
        }
    }
}
