package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.util.ImmediatePooled;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSourceChannel;
import org.xnio.conduits.PushBackStreamSourceConduit;
import org.xnio.ssl.SslConnection;
import org.xnio.ssl.XnioSsl;

/**
 * The TLS handshake of one new connection to a server, run to its end before the connection is handed over
 * ({@link Http1TlsDialer}, {@link Http2Dialer}): reads drive it, and a failed handshake fails the dial with its reason,
 * which {@link ConnectFailure} turns into Traefik's status. Undertow's conduit checks the server's certificate in a
 * delegated task and, when the check fails, only closes the connection: the refusal is then the one
 * {@link RefusalRecordingSsl} recorded. A handshake that has not ended within {@link #TLS_HANDSHAKE_TIMEOUT} (a server
 * that accepted the connection and never answers) closes the connection and fails the dial with a timeout (504, as
 * Traefik's transport answers its {@code TLSHandshakeTimeout}), so the keep-alive pool, which counted the connection
 * before dialling, gets it back. Runs on the connection's I/O thread.
 */
final class TlsHandshake implements ChannelListener<StreamSourceChannel> {
    /** Room for bytes a server sends as the handshake ends; they are given back to the HTTP client. */
    private static final int EARLY_BYTES = 256;
    /** Traefik's transport's {@code TLSHandshakeTimeout}, which no servers transport setting changes. */
    private static final Duration TLS_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private final SslConnection connection;
    private final XnioSsl ssl;
    private final ChannelListener<SslConnection> handOver;
    private final ClientCallback<ClientConnection> listener;
    private XnioExecutor.Key timer;
    private boolean ended;

    /**
     * @param handOver what gets the connection once the handshake ended
     * @param listener told why the handshake failed
     */
    TlsHandshake(SslConnection connection, XnioSsl ssl, ChannelListener<SslConnection> handOver,
            ClientCallback<ClientConnection> listener) {
        this.connection = requireNonNull(connection, "connection");
        this.ssl = requireNonNull(ssl, "ssl");
        this.handOver = requireNonNull(handOver, "handOver");
        this.listener = requireNonNull(listener, "listener");
    }

    /**
     * Starts the handshake; its end is handed over after the read or write that ended it has returned.
     * {@link #TLS_HANDSHAKE_TIMEOUT} passing before then fails the dial.
     */
    void start() {
        timer = connection.getIoThread().executeAfter(() -> fail(new SocketTimeoutException(
                "the TLS handshake did not end within " + TLS_HANDSHAKE_TIMEOUT.toSeconds() + " s")),
                TLS_HANDSHAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        connection.getHandshakeSetter().set(done -> connection.getIoThread().execute(this::handOver));
        connection.getSourceChannel().getReadSetter().set(this);
        try {
            connection.startHandshake();
        } catch (IOException e) {
            fail(e);
            return;
        }
        connection.getSourceChannel().resumeReads();
    }

    @Override
    public void handleEvent(StreamSourceChannel channel) {
        ByteBuffer early = ByteBuffer.allocate(EARLY_BYTES);
        int read;
        try {
            read = channel.read(early);
        } catch (IOException e) {
            fail(e);
            return;
        }
        if (read < 0) {
            fail(new EOFException("the server closed the connection during the TLS handshake"));
        } else if (read > 0) {
            early.flip();
            PushBackStreamSourceConduit given = new PushBackStreamSourceConduit(
                    connection.getSourceChannel().getConduit());
            given.pushBack(new ImmediatePooled<>(early));
            connection.getSourceChannel().setConduit(given);
            handOver();
        }
    }

    private void handOver() {
        if (ended) {
            return;
        }
        ended = true;
        timer.remove();
        connection.getSourceChannel().suspendReads();
        connection.getSourceChannel().getReadSetter().set(null);
        connection.getHandshakeSetter().set(null);
        handOver.handleEvent(connection);
    }

    /**
     * Fails the dial: with the refusal of the server's certificate when the pool's client recorded one (the connection
     * then only closed), else with {@code cause}.
     */
    private void fail(IOException cause) {
        if (ended) {
            return;
        }
        ended = true;
        timer.remove();
        IoUtils.safeClose(connection);
        Optional<CertificateException> refused = ssl instanceof RefusalRecordingSsl recording
                ? recording.refusal(connection) : Optional.empty();
        listener.failed(refused.map(TlsHandshake::refusal).orElse(cause));
    }

    private static IOException refusal(CertificateException refused) {
        SSLHandshakeException failure = new SSLHandshakeException("the server's certificate was refused: "
                + refused.getMessage());
        failure.initCause(refused);
        return failure;
    }
}
