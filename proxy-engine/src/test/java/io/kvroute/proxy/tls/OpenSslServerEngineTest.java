package io.kvroute.proxy.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.kv.model.ClientAuth;
import io.kvroute.kv.model.TlsOptions;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ReferenceCounted;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The BoringSSL server engine as Undertow drives it, against a JDK client engine in memory: a response's header and
 * body buffers, wrapped together, are one TLS record (Netty's engine alone makes one per buffer); the peer's plain end
 * of stream after this side's close_notify is no truncation error, before it still is; parameters set back as read
 * (as Undertow's ALPN does) leave the suites and versions as they are and apply the rest, other ones are set; the
 * handshake asks for no delegated task (the certificate is picked within the unwrap); a refused handshake's alert is
 * handed out with {@code CLOSED} (only while the buffer holds it) and the failure thrown by the next wrap and unwrap;
 * every engine frees its context's reference once, after a refused handshake and when the peer closed first too.
 */
class OpenSslServerEngineTest {
    private static final int BUFFER = 32 * 1024;

    private SSLContext context;
    private SSLEngine server;
    private SSLEngine client;
    private int serverTasks;

    @BeforeEach
    void handshake() throws Exception {
        TlsStack stack = TlsStack.preferred();
        assertThat(stack.openssl()).as("BoringSSL loads (shipped in the jar for this platform)").isTrue();
        TlsServing serving = new TlsServing(Clock.systemUTC(), stack);
        TlsOptions defaults = new TlsOptions("default", "", "", List.of(), List.of(), ClientAuth.none(), false,
                List.of("h2", "http/1.1"), false, Optional.empty());
        context = CompiledOptions.compile(defaults, serving.keyManager(), stack).context();
        server = context.createSSLEngine();
        server.setUseClientMode(false);
        assertThat(server).isInstanceOf(OpenSslServerEngine.class);
        SSLContext jdk = SSLContext.getInstance("TLS");
        jdk.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
        client = jdk.createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        ByteBuffer toServer = ByteBuffer.allocateDirect(BUFFER);
        ByteBuffer toClient = ByteBuffer.allocateDirect(BUFFER);
        ByteBuffer sink = ByteBuffer.allocateDirect(BUFFER);
        client.beginHandshake();
        server.beginHandshake();
        for (int round = 0; round < 100 && !(done(client) && done(server)); round++) {
            step(client, toServer, toClient, sink);
            if (server.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                serverTasks++;
            }
            step(server, toClient, toServer, sink);
        }
        assertThat(done(client) && done(server)).as("handshake completes").isTrue();
        assertThat(server.getSession().getProtocol()).isEqualTo("TLSv1.3");
        // BoringSSL sends its session tickets with the first application data: a first message carries them, so
        // that each test's wrap holds its own records only
        ByteBuffer first = ByteBuffer.allocateDirect(BUFFER);
        server.wrap(direct("first"), first);
        first.flip();
        assertThat(received(first)).isEqualTo("first");
    }

    private static boolean done(SSLEngine engine) {
        return engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING;
    }

    /** One step of {@code engine}'s handshake: wraps into {@code out}, unwraps what {@code in} holds. */
    private static void step(SSLEngine engine, ByteBuffer out, ByteBuffer in, ByteBuffer sink) throws SSLException {
        switch (engine.getHandshakeStatus()) {
            case NEED_WRAP -> engine.wrap(ByteBuffer.allocate(0), out);
            case NEED_TASK -> {
                for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
                    task.run();
                }
            }
            default -> {
                in.flip();
                engine.unwrap(in, sink.clear());
                in.compact();
            }
        }
    }

    @Test
    void theHandshakePicksTheCertificateWithoutADelegatedTask() {
        assertThat(serverTasks).isZero();
    }

    @Test
    void aResponsesHeaderAndBodyBuffersAreOneRecord() throws SSLException {
        ByteBuffer head = direct("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n");
        ByteBuffer body = direct("hello b1\n");
        ByteBuffer wire = ByteBuffer.allocateDirect(BUFFER);

        SSLEngineResult result = server.wrap(new ByteBuffer[] {head, body}, 0, 2, wire);

        assertThat(result.bytesConsumed()).isEqualTo(47);
        assertThat(head.hasRemaining() || body.hasRemaining()).isFalse();
        wire.flip();
        assertThat(recordLengths(wire)).hasSize(1);
        assertThat(received(wire)).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nhello b1\n");
    }

    @Test
    void buffersBeyondOneRecordFillTheFirstRecordAndLeaveTheRestInPlace() throws SSLException {
        ByteBuffer head = direct("HTTP/1.1 200 OK\r\nContent-Length: 20000\r\n\r\n");
        ByteBuffer body = direct("x".repeat(20_000));
        ByteBuffer wire = ByteBuffer.allocateDirect(BUFFER);

        SSLEngineResult result = server.wrap(new ByteBuffer[] {head, body}, 0, 2, wire);

        assertThat(result.bytesConsumed()).isEqualTo(OpenSslServerEngine.MAX_RECORD_PLAINTEXT);
        assertThat(head.hasRemaining()).isFalse();
        assertThat(body.remaining()).isEqualTo(20_000 + 42 - OpenSslServerEngine.MAX_RECORD_PLAINTEXT);
        wire.flip();
        assertThat(recordLengths(wire)).hasSize(1);
    }

    @Test
    void thePeersEndOfStreamAfterThisSidesCloseNotifyIsNoError() throws SSLException {
        server.closeOutbound();
        ByteBuffer wire = ByteBuffer.allocateDirect(BUFFER);
        for (int i = 0; i < 10 && !server.isOutboundDone(); i++) {
            server.wrap(ByteBuffer.allocate(0), wire);
        }
        assertThat(server.isOutboundDone()).isTrue();

        server.closeInbound();

        assertThat(server.isInboundDone()).isTrue();
    }

    @Test
    void thePeersEndOfStreamBeforeThisSideClosedIsStillATruncation() {
        assertThatThrownBy(server::closeInbound).isInstanceOf(SSLException.class)
                .hasMessageContaining("close_notify");
        assertThat(server.isInboundDone()).isTrue();
    }

    @Test
    void parametersSetBackAsReadKeepTheSuitesAndVersionsAndApplyTheRest() {
        SSLEngine fresh = context.createSSLEngine();
        String[] suites = fresh.getEnabledCipherSuites();
        String[] versions = fresh.getEnabledProtocols();
        SSLParameters params = fresh.getSSLParameters();
        boolean serverOrder = params.getUseCipherSuitesOrder();
        params.setApplicationProtocols(new String[] {"h2", "http/1.1"});
        params.setUseCipherSuitesOrder(!serverOrder);

        fresh.setSSLParameters(params);

        assertThat(fresh.getEnabledCipherSuites()).containsExactly(suites);
        assertThat(fresh.getEnabledProtocols()).containsExactly(versions);
        assertThat(fresh.getSSLParameters().getUseCipherSuitesOrder()).isEqualTo(!serverOrder);
        assertThat(params.getCipherSuites()).as("the caller's parameters as given").containsExactly(suites);
        assertThat(params.getProtocols()).containsExactly(versions);
    }

    @Test
    void suitesAndVersionsOtherThanThoseReadAreSet() {
        SSLEngine fresh = context.createSSLEngine();
        SSLParameters params = fresh.getSSLParameters();
        params.setCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256"});
        params.setProtocols(new String[] {"TLSv1.3"});

        fresh.setSSLParameters(params);

        assertThat(fresh.getEnabledCipherSuites()).contains("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")
                .doesNotContain("TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
        assertThat(fresh.getEnabledProtocols()).contains("TLSv1.3").doesNotContain("TLSv1.2");
    }

    @Test
    void parametersReadBeforeASetterAreSetAgain() {
        SSLEngine fresh = context.createSSLEngine();
        SSLParameters params = fresh.getSSLParameters();
        assertThat(params.getProtocols()).contains("TLSv1.2", "TLSv1.3");
        fresh.setEnabledProtocols(new String[] {"TLSv1.3"});

        fresh.setSSLParameters(params);

        assertThat(fresh.getEnabledProtocols()).contains("TLSv1.2", "TLSv1.3");
    }

    @Test
    void aRefusedHandshakesAlertIsHandedOutAsClosedAndTheFailureThrownByTheNextWrapAndUnwrap() throws Exception {
        SSLEngine refusing = tls13Only().createSSLEngine();
        refusing.setUseClientMode(false);
        ByteBuffer alert = ByteBuffer.allocateDirect(BUFFER);

        SSLEngineResult result = refuse(refusing, alert);

        assertThat(result.getStatus()).isEqualTo(SSLEngineResult.Status.CLOSED);
        assertThat(alert.position()).as("the alert's bytes").isPositive();
        assertThatThrownBy(() -> refusing.wrap(ByteBuffer.allocate(0), ByteBuffer.allocateDirect(BUFFER)))
                .isInstanceOf(SSLException.class);
        assertThatThrownBy(() -> refusing.unwrap(ByteBuffer.allocate(0), ByteBuffer.allocateDirect(BUFFER)))
                .isInstanceOf(SSLException.class);
        assertThatThrownBy(() -> refusing.wrap(new ByteBuffer[] {direct("a"), direct("b")}, 0, 2,
                ByteBuffer.allocateDirect(BUFFER))).isInstanceOf(SSLException.class);
    }

    @Test
    void aWrapThatFailsWithNothingInTheBufferThrowsAtOnce() throws Exception {
        SSLEngine refusing = tls13Only().createSSLEngine();
        refusing.setUseClientMode(false);
        ByteBuffer alert = ByteBuffer.allocateDirect(BUFFER);
        refuse(refusing, alert);
        SSLEngine fresh = tls13Only().createSSLEngine();
        fresh.setUseClientMode(false);
        ByteBuffer toServer = clientHelloOfTls12();
        fresh.unwrap(toServer, ByteBuffer.allocateDirect(BUFFER));
        fresh.wrap(ByteBuffer.allocate(0), ByteBuffer.allocateDirect(BUFFER));

        assertThatThrownBy(() -> fresh.wrap(ByteBuffer.allocate(0), ByteBuffer.allocateDirect(BUFFER)))
                .as("the alert was written already: nothing to hand out").isInstanceOf(SSLException.class);
    }

    @Test
    void everyEngineIsFreedOnceAlsoAfterARefusedHandshakeOrWhenThePeerClosedFirst() throws Exception {
        SslContext netty = tls13OnlyNetty();
        ReferenceCounted counted = (ReferenceCounted) netty;
        SSLContext refusing = new OpenSslEngineContext(netty);
        for (int i = 0; i < 5; i++) {
            SSLEngine engine = refusing.createSSLEngine();
            engine.setUseClientMode(false);
            refuse(engine, ByteBuffer.allocateDirect(BUFFER));
            // Undertow's connection, closed: the outbound side, then the inbound side
            engine.closeOutbound();
            engine.closeInbound();
            engine.closeInbound();
        }
        for (int i = 0; i < 5; i++) {
            SSLEngine engine = refusing.createSSLEngine();
            engine.setUseClientMode(false);
            ByteBuffer hello = clientHelloOfTls12();
            engine.unwrap(hello, ByteBuffer.allocateDirect(BUFFER));
            // the peer's end of stream first, then the connection closed
            assertThatThrownBy(engine::closeInbound).isInstanceOf(SSLException.class);
            engine.closeOutbound();
            engine.closeInbound();
        }
        for (int i = 0; i < 5; i++) {
            SSLEngine engine = refusing.createSSLEngine();
            engine.setUseClientMode(false);
            // Undertow's order when the peer closes first: the inbound side once, then this side's close_notify
            engine.closeInbound();
            engine.closeOutbound();
            engine.wrap(ByteBuffer.allocate(0), ByteBuffer.allocateDirect(BUFFER));
            assertThat(engine.isOutboundDone()).isTrue();
        }

        assertThat(counted.refCnt()).as("the context's references: its own only").isEqualTo(1);
        counted.release();
    }

    /** A server context of BoringSSL allowing TLS 1.3 only, with the shared key manager. */
    private static SslContext tls13OnlyNetty() throws SSLException {
        return SslContextBuilder.forServer(new TlsServing(Clock.systemUTC(), TlsStack.preferred()).keyManager())
                .sslProvider(SslProvider.OPENSSL).option(OpenSslContextOption.USE_TASKS, false)
                .protocols("TLSv1.3").build();
    }

    private static SSLContext tls13Only() throws SSLException {
        return new OpenSslEngineContext(tls13OnlyNetty());
    }

    /** A JDK client's ClientHello offering TLS 1.2 only, ready to read. */
    private static ByteBuffer clientHelloOfTls12() throws Exception {
        SSLContext jdk = SSLContext.getInstance("TLS");
        jdk.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
        SSLEngine old = jdk.createSSLEngine("localhost", 443);
        old.setUseClientMode(true);
        old.setEnabledProtocols(new String[] {"TLSv1.2"});
        ByteBuffer hello = ByteBuffer.allocateDirect(BUFFER);
        old.wrap(ByteBuffer.allocate(0), hello);
        return hello.flip();
    }

    /**
     * Has {@code server} refuse a TLS 1.2 ClientHello as Undertow drives it: unwrap, then wraps into {@code alert}
     * until one does not answer {@code OK}.
     */
    private static SSLEngineResult refuse(SSLEngine server, ByteBuffer alert) throws Exception {
        server.unwrap(clientHelloOfTls12(), ByteBuffer.allocateDirect(BUFFER));
        SSLEngineResult result = server.wrap(ByteBuffer.allocate(0), alert);
        for (int i = 0; i < 5 && result.getStatus() == SSLEngineResult.Status.OK; i++) {
            result = server.wrap(ByteBuffer.allocate(0), alert);
        }
        return result;
    }

    private static ByteBuffer direct(String text) {
        byte[] bytes = text.getBytes(US_ASCII);
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    }

    /** The lengths of the TLS records in {@code wire} (position to limit), read from their headers. */
    private static List<Integer> recordLengths(ByteBuffer wire) {
        List<Integer> lengths = new ArrayList<>();
        for (int at = wire.position(); at + 5 <= wire.limit(); at += 5 + lengths.get(lengths.size() - 1)) {
            lengths.add(((wire.get(at + 3) & 0xff) << 8) | (wire.get(at + 4) & 0xff));
        }
        return lengths;
    }

    private String received(ByteBuffer wire) throws SSLException {
        ByteBuffer plain = ByteBuffer.allocate(BUFFER);
        for (int i = 0; i < 10 && wire.hasRemaining(); i++) {
            client.unwrap(wire, plain);
        }
        plain.flip();
        return US_ASCII.decode(plain).toString();
    }
}
