package io.kvroute.proxy.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.kv.testing.TestCertificate;
import io.kvroute.kv.testing.TlsFixtures;
import io.kvroute.proxy.testing.PostgresServerExtension;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TcpEchoServer;
import io.kvroute.proxy.testing.TlsClient;
import io.kvroute.proxy.testing.TraefikKeys;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Postgres client's STARTTLS through a TCP entry point, as Traefik's TCP router serves it: the client sends an
 * SSLRequest, the proxy answers {@code S}, and the client's TLS ClientHello is routed by SNI among the TLS TCP
 * routers. A router that terminates TLS gives its server the Postgres protocol in clear (no SSLRequest); a
 * passthrough router's server is sent the SSLRequest again, its {@code S} is dropped and the TLS bytes relayed, and
 * any other answer closes the connection unrelayed. End to end with a real PostgreSQL server ({@code ssl=on}, the
 * {@code a.test} certificate) and the real {@code psql} client, plus raw servers for the answers a real one does not
 * give at will.
 */
class PostgresStartTlsIT {
    private static final String TCP = "traefik/tcp/";
    /** Int32 length 8 and the SSLRequest code 80877103, as libpq sends them. */
    private static final byte[] SSL_REQUEST = {0, 0, 0, 8, 4, (byte) 210, 22, 47};
    private static final String SERVER_SEES_TLS = "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()";

    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    @RegisterExtension
    static final PostgresServerExtension POSTGRES = new PostgresServerExtension(TlsFixtures.a());

    @Test
    void psqlThroughAPassthroughRouterReachesPostgresOverTls() throws Exception {
        try (RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(new TraefikKeys()
                    .put(TCP + "routers/db/rule", "HostSNI(`a.test`)")
                    .put(TCP + "routers/db/service", "db")
                    .put(TCP + "routers/db/tls/passthrough", "true")
                    .put(TCP + "services/db/loadBalancer/servers/0/address", "127.0.0.1:" + POSTGRES.port())
                    .build());

            PostgresServerExtension.PsqlRun run = POSTGRES.psql(throughProxy(proxy, "a.test"), SERVER_SEES_TLS);

            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output()).isEqualTo("t");
        }
    }

    @Test
    void psqlThroughATerminatingRouterReachesPostgresInClear() throws Exception {
        TestCertificate b = TlsFixtures.b();
        try (RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(new TraefikKeys()
                    .put("traefik/tls/certificates/b/certFile", b.certPem())
                    .put("traefik/tls/certificates/b/keyFile", b.keyPem())
                    .put(TCP + "routers/db/rule", "HostSNI(`b.test`)")
                    .put(TCP + "routers/db/service", "db")
                    .put(TCP + "routers/db/tls", "")
                    .put(TCP + "services/db/loadBalancer/servers/0/address", "127.0.0.1:" + POSTGRES.port())
                    .build());

            PostgresServerExtension.PsqlRun run = POSTGRES.psql(throughProxy(proxy, "b.test"), SERVER_SEES_TLS);

            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output()).isEqualTo("f");
        }
    }

    @Test
    void aTerminatingRouterSendsItsServerOnlyWhatTheClientSentInsideTls() throws IOException {
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
    void aPassthroughServerGetsThePROXYHeaderThenTheSslRequestThenTheClientHelloAfterItsS() throws Exception {
        try (StartTlsServer server = new StartTlsServer("S".getBytes(StandardCharsets.US_ASCII));
                RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(passthroughTo(server).put(TCP + "services/db/loadBalancer/serversTransport", "pp")
                    .put(TCP + "serversTransports/pp/proxyProtocol/version", "1").build());
            byte[] hello = clientHello("a.test");

            try (Socket client = sslRequested(proxy)) {
                client.getOutputStream().write(hello);
                client.shutdownOutput();
                assertThat(client.getInputStream().read()).as("nothing of the server's S").isEqualTo(-1);
            }

            String before = new String(server.beforeAnswer.get(10, TimeUnit.SECONDS), StandardCharsets.ISO_8859_1);
            assertThat(before).startsWith("PROXY TCP4 127.0.0.1 127.0.0.1 ")
                    .endsWith("\r\n" + new String(SSL_REQUEST, StandardCharsets.ISO_8859_1));
            assertThat(server.afterAnswer.get(10, TimeUnit.SECONDS)).isEqualTo(hello);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"N", "SS", "EFATAL"})
    void aPassthroughServerAnsweringAnythingButOneSIsClosedAndItsAnswerNotRelayed(String answer) throws Exception {
        try (StartTlsServer server = new StartTlsServer(answer.getBytes(StandardCharsets.US_ASCII));
                RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(passthroughTo(server).build());

            try (Socket client = sslRequested(proxy)) {
                client.getOutputStream().write(clientHello("a.test"));
                assertThat(client.getInputStream().read()).as("the connection ends, nothing relayed").isEqualTo(-1);
            }

            assertThat(server.beforeAnswer.get(10, TimeUnit.SECONDS)).isEqualTo(SSL_REQUEST);
            assertThat(server.afterAnswer.get(10, TimeUnit.SECONDS)).as("nothing of the ClientHello").isEmpty();
        }
    }

    private static TraefikKeys passthroughTo(StartTlsServer server) {
        return new TraefikKeys()
                .put(TCP + "routers/db/rule", "HostSNI(`a.test`)")
                .put(TCP + "routers/db/service", "db")
                .put(TCP + "routers/db/tls/passthrough", "true")
                .put(TCP + "services/db/loadBalancer/servers/0/address", "127.0.0.1:" + server.port());
    }

    /** libpq's connection string to the proxy's entry point: SNI {@code serverName}, TLS required. */
    private static String throughProxy(RunningProxy proxy, String serverName) {
        return "host=" + serverName + " hostaddr=127.0.0.1 port="
                + proxy.runtime().address(RunningProxy.ENTRY_POINT).getPort() + " sslmode=require sslsni=1";
    }

    /** A plain connection to the proxy that sent the SSLRequest and read the proxy's {@code S}. */
    private static Socket sslRequested(RunningProxy proxy) throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress("127.0.0.1", proxy.runtime().address(RunningProxy.ENTRY_POINT)
                    .getPort()), 2_000);
            plain.setSoTimeout(10_000);
            plain.getOutputStream().write(SSL_REQUEST);
            assertThat(plain.getInputStream().read()).as("the answer to the SSLRequest").isEqualTo('S');
            return plain;
        } catch (IOException | RuntimeException | AssertionError failed) {
            plain.close();
            throw failed;
        }
    }

    /** Connects, sends the SSLRequest, expects {@code S}, then does the TLS handshake with {@code serverName}. */
    private static SSLSocket startTls(RunningProxy proxy, TlsClient client, String serverName) throws IOException {
        Socket plain = sslRequested(proxy);
        try {
            SSLSocket socket = (SSLSocket) client.context().getSocketFactory().createSocket(plain, "127.0.0.1",
                    plain.getPort(), true);
            socket.setSSLParameters(client.parameters(Optional.of(serverName)));
            socket.startHandshake();
            return socket;
        } catch (IOException | RuntimeException failed) {
            plain.close();
            throw failed;
        }
    }

    /** The bytes of a TLS ClientHello naming {@code serverName}. */
    private static byte[] clientHello(String serverName) throws IOException {
        TlsClient client = TlsClient.trusting(TlsFixtures.a().certificate());
        SSLEngine engine = client.context().createSSLEngine(serverName, 5432);
        engine.setUseClientMode(true);
        engine.setSSLParameters(client.parameters(Optional.of(serverName)));
        engine.beginHandshake();
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        return Arrays.copyOf(out.array(), out.position());
    }

    /**
     * A server for one connection that reads up to the end of an SSLRequest, answers {@code answer}, then reads
     * until the end of the connection: {@code beforeAnswer} and {@code afterAnswer} are what it read.
     */
    private static final class StartTlsServer implements AutoCloseable {
        final CompletableFuture<byte[]> beforeAnswer = new CompletableFuture<>();
        final CompletableFuture<byte[]> afterAnswer = new CompletableFuture<>();
        private final ServerSocket listener;
        private final Thread thread;

        StartTlsServer(byte[] answer) throws IOException {
            listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> serve(answer), "postgres-start-tls-server");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        private void serve(byte[] answer) {
            try (Socket socket = listener.accept()) {
                socket.setSoTimeout(10_000);
                InputStream in = socket.getInputStream();
                ByteArrayOutputStream before = new ByteArrayOutputStream();
                while (!endsWithRequest(before.toByteArray())) {
                    int b = in.read();
                    if (b < 0) {
                        throw new IOException("ended before an SSLRequest: " + before);
                    }
                    before.write(b);
                }
                beforeAnswer.complete(before.toByteArray());
                socket.getOutputStream().write(answer);
                afterAnswer.complete(in.readAllBytes());
            } catch (IOException e) {
                beforeAnswer.completeExceptionally(e);
                afterAnswer.completeExceptionally(e);
            }
        }

        private static boolean endsWithRequest(byte[] bytes) {
            return bytes.length >= SSL_REQUEST.length && Arrays.equals(bytes, bytes.length - SSL_REQUEST.length,
                    bytes.length, SSL_REQUEST, 0, SSL_REQUEST.length);
        }

        @Override
        public void close() {
            try {
                listener.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
