package io.kvroute.proxy.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.kv.testing.TestCertificate;
import io.kvroute.kv.testing.TlsFixtures;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TcpEchoServer;
import io.kvroute.proxy.testing.TlsClient;
import io.kvroute.proxy.testing.TraefikKeys;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Postgres client's STARTTLS through a TCP entry point, as Traefik's TCP router serves it: the client sends a real
 * SSLRequest, the proxy answers {@code S}, the client's TLS ClientHello is routed by SNI to a TCP router that
 * terminates TLS, and the plain TCP server behind it sees only what the client sent inside TLS (no SSLRequest); a
 * ClientHello that only a passthrough router would take is closed.
 */
class PostgresStartTlsIT {
    private static final String TCP = "traefik/tcp/";
    /** Int32 length 8 and the SSLRequest code 80877103, as libpq sends them. */
    private static final byte[] SSL_REQUEST = {0, 0, 0, 8, 4, (byte) 210, 22, 47};

    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    @Test
    void anSslRequestIsAnsweredAndTheClientHelloRoutedToATerminatingRouter() throws IOException {
        TestCertificate b = TlsFixtures.b();
        try (TcpEchoServer echo = TcpEchoServer.plain("inside"); RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(new TraefikKeys()
                    .put("traefik/tls/certificates/b/certFile", b.certPem())
                    .put("traefik/tls/certificates/b/keyFile", b.keyPem())
                    .put(TCP + "routers/db/rule", "HostSNI(`b.test`)")
                    .put(TCP + "routers/db/service", "echo")
                    .put(TCP + "routers/db/tls", "")
                    .put(TCP + "services/echo/loadBalancer/servers/0/address", echo.address())
                    .build());

            try (SSLSocket socket = startTls(proxy, TlsClient.trusting(b.certificate()), "b.test");
                    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                            StandardCharsets.US_ASCII))) {
                assertThat(in.readLine()).isEqualTo("inside");
                socket.getOutputStream().write("select 1\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(in.readLine()).isEqualTo("select 1");
            }
            assertThat(echo.received()).singleElement().satisfies(bytes ->
                    assertThat(new String(bytes, StandardCharsets.US_ASCII)).isEqualTo("select 1\n"));
        }
    }

    @Test
    void aClientHelloOnlyAPassthroughRouterTakesIsClosed() throws IOException {
        TestCertificate a = TlsFixtures.a();
        try (TcpEchoServer server = TcpEchoServer.tls("A", a); RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(new TraefikKeys()
                    .put(TCP + "routers/a/rule", "HostSNI(`a.test`)")
                    .put(TCP + "routers/a/service", "a")
                    .put(TCP + "routers/a/tls/passthrough", "true")
                    .put(TCP + "services/a/loadBalancer/servers/0/address", server.address())
                    .build());

            assertThatThrownBy(() -> startTls(proxy, TlsClient.trusting(a.certificate()), "a.test").close())
                    .isInstanceOf(IOException.class);
            assertThat(server.received()).isEmpty();
        }
    }

    /** Connects, sends the SSLRequest, expects {@code S}, then does the TLS handshake with {@code serverName}. */
    private static SSLSocket startTls(RunningProxy proxy, TlsClient client, String serverName) throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress("127.0.0.1", proxy.runtime().address(RunningProxy.ENTRY_POINT)
                .getPort()), 2_000);
        try {
            plain.setSoTimeout(5_000);
            plain.getOutputStream().write(SSL_REQUEST);
            assertThat(plain.getInputStream().read()).as("the answer to the SSLRequest").isEqualTo('S');
            SSLSocket socket = (SSLSocket) client.context().getSocketFactory().createSocket(plain, "127.0.0.1",
                    plain.getPort(), true);
            socket.setSSLParameters(client.parameters(Optional.of(serverName)));
            socket.startHandshake();
            return socket;
        } catch (IOException | RuntimeException | AssertionError failed) {
            plain.close();
            throw failed;
        }
    }
}
