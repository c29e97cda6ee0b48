package io.kvroute.proxy.health;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.model.TcpHealthCheck;
import io.kvroute.kv.model.FileOrContent;
import io.kvroute.proxy.balancer.ServerKey;
import io.kvroute.proxy.testing.TcpEchoServer;
import io.kvroute.proxy.testing.TestPki;
import io.kvroute.proxy.upstream.ServerTls;
import io.kvroute.proxy.upstream.ServerTlsSettings;
import io.kvroute.proxy.upstream.TransportException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * TCP probes against real TCP servers on 127.0.0.1, on the checker's own I/O thread; servers with {@code tls} are
 * probed in TLS.
 */
class TcpProbeTest extends CheckerTestSupport {
    private static final ServerKey KEY = new ServerKey("tcp/db", "server");
    private static final Instant NOT_BEFORE = Instant.now().minusSeconds(60);
    private static final Instant NOT_AFTER = Instant.now().plusSeconds(3600);
    private static final TestPki.Issued CA = TestPki.ca("CN=kvroute TCP servers CA");
    private static final TestPki.Issued SERVER = TestPki.leaf(CA, "CN=db.test", BigInteger.TWO, NOT_BEFORE, NOT_AFTER,
            List.of(new GeneralName(GeneralName.dNSName, "db.test")));
    private final List<Scripted> servers = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopServers() throws IOException {
        for (Scripted server : servers) {
            server.socket.close();
        }
    }

    private static TcpHealthCheck check(String send, String expect) {
        return new TcpHealthCheck(OptionalInt.empty(), send, expect, Duration.ofMillis(50), Optional.empty(),
                Duration.ofMillis(300));
    }

    private void watchTcp(String address, TcpHealthCheck check) {
        watch(Set.of(ProbeTarget.tcp(KEY, address, check)));
    }

    /** A server that reads {@code reads} bytes per connection, then writes each of {@code replies}, flushing each. */
    private Scripted server(int reads, String... replies) throws IOException {
        Scripted server = new Scripted(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), reads, replies);
        servers.add(server);
        Thread thread = new Thread(server::serve, "tcp-scripted");
        thread.setDaemon(true);
        thread.start();
        return server;
    }

    @Test
    void aServerThatAcceptsIsUpWithNothingToSendOrExpect() throws IOException {
        Scripted server = server(0);
        watchTcp(server.address(), check("", ""));

        ServerHealth up = awaitState(KEY, HealthState.UP);

        assertThat(up.lastProbe().orElseThrow().describe()).isEqualTo("answered");
        awaitChanges(1);
        assertThat(listener.threads()).allSatisfy(thread -> assertThat(thread).isEqualTo("kvroute-health I/O-1"));
    }

    @Test
    void aTlsServerIsUpOnceTheHandshakeWithTheTransportsTlsCompletes() throws Exception {
        try (TcpEchoServer echo = TcpEchoServer.tls("db", SERVER.context(), false)) {
            watch(Set.of(ProbeTarget.tcp(KEY, echo.address(), check("", ""), Optional.of(trustingCa()))));

            assertThat(awaitState(KEY, HealthState.UP).lastProbe().orElseThrow().describe()).isEqualTo("answered");
            // In TLS 1.3 the client's handshake ends when it sends its Finished, the server's when it reads it.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(echo.handshakes()).contains(new TcpEchoServer.Handshake("db.test", "")));
        }
    }

    @Test
    void aTlsServerWhoseCertificateIsNotTrustedIsDownWithTheReason() throws Exception {
        TestPki.Issued stranger = TestPki.leaf(TestPki.ca("CN=another CA"), "CN=db.test", BigInteger.TEN,
                NOT_BEFORE, NOT_AFTER, List.of(new GeneralName(GeneralName.dNSName, "db.test")));
        try (TcpEchoServer echo = TcpEchoServer.tls("db", stranger.context(), false)) {
            watch(Set.of(ProbeTarget.tcp(KEY, echo.address(), check("", "db"), Optional.of(trustingCa()))));

            assertThat(awaitState(KEY, HealthState.DOWN).lastProbe().orElseThrow().describe())
                    .contains("TLS handshake failed: its certificate was refused");
        }
    }

    @Test
    void aTlsServerAnsweringTheExpectedTextPassesEverySuccessiveProbe() throws Exception {
        everySuccessiveProbeOverTlsPasses("select 1\n", "db\nselect 1");
    }

    @Test
    void aTlsServerSentTextPassesEverySuccessiveProbe() throws Exception {
        everySuccessiveProbeOverTlsPasses("select 1\n", "");
    }

    @Test
    void aTlsServerPassesEverySuccessiveConnectOnlyProbe() throws Exception {
        everySuccessiveProbeOverTlsPasses("", "");
    }

    /**
     * Twenty probes in a row with {@code send} and {@code expect} against one JDK TLS echo server (TLS 1.3): all pass,
     * the first with a full handshake, the others on the session it resumed (the server's flight then comes in one
     * read). Each has a generous timeout: a stalled probe fails with it.
     */
    private void everySuccessiveProbeOverTlsPasses(String send, String expect) throws Exception {
        try (TcpEchoServer echo = TcpEchoServer.tls("db", SERVER.context(), false)) {
            TcpHealthCheck check = new TcpHealthCheck(OptionalInt.empty(), send, expect, Duration.ofMillis(10),
                    Optional.empty(), Duration.ofSeconds(3));
            watch(Set.of(ProbeTarget.tcp(KEY, echo.address(), check, Optional.of(trustingCa()))));

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> counter(
                    MicrometerHealthMetrics.PROBES, "result", "passed") >= 20
                    || counter(MicrometerHealthMetrics.PROBES, "result", "failed") > 0);

            assertThat(counter(MicrometerHealthMetrics.PROBES, "result", "failed")).isZero();
        }
    }

    /** TLS trusting {@link #CA} only, with {@code db.test} as server name. */
    private static ServerTls trustingCa() throws TransportException {
        return ServerTls.compile(new ServerTlsSettings("db.test", false, List.of(new FileOrContent(CA.certPem())),
                List.of(), ""));
    }

    @Test
    void aClosedPortIsDown() {
        watchTcp("127.0.0.1:" + closedPort(), check("", ""));

        assertThat(awaitState(KEY, HealthState.DOWN).lastProbe().orElseThrow().describe())
                .isEqualTo("connect refused");
    }

    @Test
    void sendIsWrittenAndAnAnswerSplitOverTwoWritesIsReadWhole() throws IOException {
        Scripted server = server(4, "PO", "NG");
        watchTcp(server.address(), check("PING", "PONG"));

        awaitState(KEY, HealthState.UP);

        assertThat(server.received).first().isEqualTo("PING");
    }

    @Test
    void anotherAnswerThanExpectedIsDown() throws IOException {
        Scripted server = server(4, "NOPE");
        watchTcp(server.address(), check("PING", "PONG"));

        assertThat(awaitState(KEY, HealthState.DOWN).lastProbe().orElseThrow().describe())
                .isEqualTo("unexpected answer \"NOPE\" (expected \"PONG\")");
    }

    @Test
    void aServerThatNeverAnswersIsDownOnceTheTimeoutPasses() throws IOException {
        Scripted server = server(1);
        watchTcp(server.address(), check("", "PONG"));

        assertThat(awaitState(KEY, HealthState.DOWN).lastProbe().orElseThrow().describe())
                .isEqualTo("timed out after 300ms");
    }

    @Test
    void thePortOfTheCheckIsDialledInsteadOfTheServers() throws IOException {
        Scripted server = server(0, "OK");
        TcpHealthCheck check = new TcpHealthCheck(OptionalInt.of(server.socket.getLocalPort()), "", "OK",
                Duration.ofMillis(50), Optional.empty(), Duration.ofMillis(300));
        watchTcp("127.0.0.1:" + closedPort(), check);

        awaitState(KEY, HealthState.UP);
    }

    @Test
    void aChangedExpectRestartsProbingWithIt() throws IOException {
        Scripted server = server(0, "PONG");
        watchTcp(server.address(), check("", "PONG"));
        awaitState(KEY, HealthState.UP);

        watchTcp(server.address(), check("", "NOPE"));

        awaitState(KEY, HealthState.DOWN);
    }

    /** Per connection: reads some bytes (recording them), then writes its replies one by one, then closes. */
    private static final class Scripted {
        final ServerSocket socket;
        final List<String> received = new CopyOnWriteArrayList<>();
        private final int reads;
        private final String[] replies;

        Scripted(ServerSocket socket, int reads, String... replies) {
            this.socket = socket;
            this.reads = reads;
            this.replies = replies;
        }

        String address() {
            return "127.0.0.1:" + socket.getLocalPort();
        }

        void serve() {
            while (!socket.isClosed()) {
                try (Socket connection = socket.accept()) {
                    connection.setSoTimeout(2_000);
                    InputStream in = connection.getInputStream();
                    ByteArrayOutputStream read = new ByteArrayOutputStream();
                    for (int i = 0; i < reads; i++) {
                        int next = in.read();
                        if (next < 0) {
                            break;
                        }
                        read.write(next);
                    }
                    if (reads > 0) {
                        received.add(read.toString(US_ASCII));
                    }
                    OutputStream out = connection.getOutputStream();
                    for (String reply : replies) {
                        out.write(reply.getBytes(US_ASCII));
                        out.flush();
                        Thread.sleep(20);
                    }
                    if (replies.length == 0 && reads > 0) {
                        in.read();
                    }
                } catch (IOException e) {
                    // the prober went away or the server closed
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
