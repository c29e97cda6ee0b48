package io.kvroute.proxy.tls;

import static java.util.Objects.requireNonNull;

import io.undertow.connector.ByteBufferPool;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.ssl.SslConnection;

/**
 * Accepts the connections of one TLS entry point: reads the ClientHello without consuming it
 * ({@link FirstBytesPeek}, {@link ClientHelloNames}), picks the options the SNI's routers use
 * ({@link ServedTls#optionsName}), refuses the connection when those options cannot be served, else puts the bytes
 * read back under the connection and wraps it in Undertow's TLS connection with an engine of those options (over an
 * {@link OpenSocketSink}, {@link TlsTermination#serve}), and hands it on. A client offering ALPN
 * {@code acme-tls/1} is a TLS-ALPN-01 validation: it gets the pending challenge certificate of its SNI and nothing
 * else ({@link TlsAlpnChallengeAnswer}), or is refused when the name has none. A client that sends no complete
 * ClientHello within {@link #HELLO_TIMEOUT_SECONDS} seconds, or something else, is disconnected.
 */
public final class TlsHandshakeListener implements ChannelListener<StreamConnection> {
    private static final Logger LOG = LoggerFactory.getLogger(TlsHandshakeListener.class);
    static final int HELLO_TIMEOUT_SECONDS = 10;

    /** Where a wrapped connection goes: Undertow's listeners, with or without HTTP/2 by ALPN. */
    public interface Handoff {
        void accept(SslConnection connection, boolean http2);
    }

    private final String entryPoint;
    private final TlsServing serving;
    private final Xnio xnio;
    private final ByteBufferPool buffers;
    private final Handoff handoff;

    public TlsHandshakeListener(String entryPoint, TlsServing serving, Xnio xnio, ByteBufferPool buffers,
            Handoff handoff) {
        this.entryPoint = requireNonNull(entryPoint, "entryPoint");
        this.serving = requireNonNull(serving, "serving");
        this.xnio = requireNonNull(xnio, "xnio");
        this.buffers = requireNonNull(buffers, "buffers");
        this.handoff = requireNonNull(handoff, "handoff");
    }

    @Override
    public void handleEvent(StreamConnection connection) {
        FirstBytesPeek.start(connection, TimeUnit.SECONDS.toMillis(HELLO_TIMEOUT_SECONDS), new HelloReader(connection));
    }

    /**
     * Serves {@code connection} as {@link #handleEvent} does, from its ClientHello read and parsed already (by the
     * TCP routers' switch, {@code io.kvroute.proxy.tcp.TcpEntrySwitch}): {@code bytes} (from position 0 to the limit)
     * are the bytes read, not put back yet, and {@code hello} what {@link ClientHelloNames#read} made of them. The
     * ClientHello is not read and parsed a second time.
     */
    public void handleHello(StreamConnection connection, ByteBuffer bytes, ClientHelloNames.Hello hello) {
        HelloReader reader = new HelloReader(requireNonNull(connection, "connection"));
        reader.outcome = requireNonNull(hello, "hello");
        reader.decide(requireNonNull(bytes, "bytes"));
    }

    /** Decides one connection from its ClientHello; IO thread only. */
    private final class HelloReader implements FirstBytesPeek.Reader {
        private final StreamConnection connection;
        private ClientHelloNames.Outcome outcome;
        private ByteBuffer hello;

        HelloReader(StreamConnection connection) {
            this.connection = connection;
        }

        @Override
        public boolean enough(ByteBuffer bytes) {
            outcome = ClientHelloNames.read(bytes);
            return !(outcome instanceof ClientHelloNames.NeedMore);
        }

        @Override
        public void decide(ByteBuffer bytes) {
            hello = bytes;
            if (outcome instanceof ClientHelloNames.NotHello notHello) {
                refuse(notHello.reason());
            } else {
                handshake((ClientHelloNames.Hello) outcome);
            }
        }

        @Override
        public void closed(String reason) {
            LOG.debug("{}: connection from {} refused: {}", entryPoint, connection.getPeerAddress(), reason);
        }

        private void handshake(ClientHelloNames.Hello parsed) {
            ServedTls served = serving.current();
            if (parsed.offers(TlsAlpnChallengeAnswer.ACME_TLS_1)) {
                challenge(parsed, served);
                return;
            }
            String optionsName = served.optionsName(entryPoint, parsed.serverName());
            CompiledOptions options = served.options().usable(optionsName).orElse(null);
            if (options == null) {
                refuse("server name " + parsed.serverName().orElse("(none)") + ": "
                        + served.options().refusal(optionsName).orElse("options " + optionsName + " unusable"));
                return;
            }
            pushBack();
            handoff.accept(TlsTermination.serve(connection, options, xnio, buffers), options.http2());
        }

        /** A TLS-ALPN-01 validation: the pending challenge certificate of the SNI, else refused. */
        private void challenge(ClientHelloNames.Hello parsed, ServedTls served) {
            ServedCertificate certificate = parsed.serverName().map(served.managed().alpnChallenges()::get)
                    .orElse(null);
            if (certificate == null) {
                refuse("ALPN " + TlsAlpnChallengeAnswer.ACME_TLS_1 + " for " + parsed.serverName().orElse("(no SNI)")
                        + ", which has no pending TLS-ALPN-01 challenge");
                return;
            }
            pushBack();
            try {
                TlsAlpnChallengeAnswer.answer(connection, certificate, xnio, buffers, HELLO_TIMEOUT_SECONDS);
                LOG.debug("{}: TLS-ALPN-01 challenge certificate for {} presented to {}", entryPoint,
                        parsed.serverName().orElseThrow(), connection.getPeerAddress());
            } catch (GeneralSecurityException | IOException e) {
                refuse("the TLS-ALPN-01 challenge certificate for " + parsed.serverName().orElseThrow()
                        + " cannot be presented: " + e.getMessage());
            }
        }

        /** Puts the ClientHello read back under the connection, for the engine to read. */
        private void pushBack() {
            FirstBytesPeek.pushBack(connection, hello);
        }

        private void refuse(String reason) {
            IoUtils.safeClose(connection);
            closed(reason);
        }
    }
}
