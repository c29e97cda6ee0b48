package io.kvroute.proxy.upstream;

import static java.util.Objects.requireNonNull;

import io.undertow.UndertowOptions;
import io.undertow.connector.ByteBufferPool;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.ssl.SslConnection;

/**
 * The TLS client side of connections dialled plain to the servers of one servers transport (the TCP relay's to TCP
 * servers with {@code tls}, the health probes' to them), as Go's {@code tls.Client} in Traefik's TLS dialer makes it:
 * the transport's roots, client certificates and certificate checks ({@link ServerTls}), the {@code serverName} sent
 * as SNI unless it is an IP address (no SNI without one) and checked in the certificate (the JDK's HTTPS endpoint
 * identification, then {@code peerCertURI}), no ALPN. The handshake starts at once and goes on with the connection's
 * reads and writes; a refused one closes the connection, and {@link #failure(SslConnection)} says why: the context is
 * the transport's one ({@link ServerTls#context()}), whose checks remember why they refused
 * ({@link CertificateRefusals}), so the relay's connections and the probes on a transport make no context of their own.
 */
public final class TlsToServer {
    private static final String NO_CIPHER_SUITE = "SSL_NULL_WITH_NULL_NULL";

    private final ServerTls tls;
    private final CertificateRefusals refusals;
    private final SSLContext context;

    private TlsToServer(ServerTls tls, CertificateRefusals refusals, SSLContext context) {
        this.tls = tls;
        this.refusals = refusals;
        this.context = context;
    }

    /**
     * TLS to servers with {@code tls}'s settings, in its context ({@link ServerTls#context()}, made once when it was
     * compiled), which remembers why it refused.
     */
    public static TlsToServer of(ServerTls tls) {
        return new TlsToServer(requireNonNull(tls, "tls"), tls.refusals(), tls.context());
    }

    public ServerTls tls() {
        return tls;
    }

    /** Undertow's TLS over {@code xnio} and {@code buffers}, in this context: what {@link #wrap} wraps with. */
    public UndertowXnioSsl ssl(Xnio xnio, ByteBufferPool buffers) {
        return new UndertowXnioSsl(requireNonNull(xnio, "xnio"), OptionMap.EMPTY, requireNonNull(buffers, "buffers"),
                context);
    }

    /**
     * {@code server}, dialled plain, wrapped in a TLS client connection whose handshake has started; {@code ssl} is
     * one of this context's ({@link #ssl}).
     */
    public SslConnection wrap(StreamConnection server, UndertowXnioSsl ssl) throws IOException {
        OptionMap options = OptionMap.builder().addAll(tls.connectOptions())
                .set(UndertowOptions.ENDPOINT_IDENTIFICATION_ALGORITHM, "HTTPS").getMap();
        SslConnection connection = ssl.wrapExistingConnection(server, options, true);
        SSLEngine engine = UndertowXnioSsl.getSslEngine(connection);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setServerNames(tls.sniName().<List<SNIServerName>>map(name -> List.of(new SNIHostName(name)))
                .orElse(List.of()));
        engine.setSSLParameters(parameters);
        connection.startHandshake();
        return connection;
    }

    /** Whether the TLS handshake on {@code connection} has completed. */
    public static boolean handshaken(SslConnection connection) {
        return !NO_CIPHER_SUITE.equals(UndertowXnioSsl.getSslEngine(connection).getSession().getCipherSuite());
    }

    /**
     * Why the TLS handshake on {@code connection} failed, if it did not complete: the reason the server's certificate
     * was refused, or that the server ended it (a client certificate it wants, no common protocol).
     */
    public Optional<String> failure(SslConnection connection) {
        if (handshaken(connection)) {
            return Optional.empty();
        }
        return Optional.of(refusals.take(UndertowXnioSsl.getSslEngine(connection))
                .map(refused -> "its certificate was refused: " + refused.getMessage())
                .orElse("the handshake did not complete (the server ended it: does it want a client certificate, "
                        + "or a protocol or cipher this transport does not offer?)"));
    }

    /**
     * Why the last handshake in this context of one of {@code own}'s engines with {@code host:port} (the name the
     * certificate was checked against) was refused, if it was, for a caller that no longer has the connection;
     * forgotten once taken.
     */
    public Optional<CertificateException> refusal(String host, int port, Predicate<SSLEngine> own) {
        return refusals.take(host, port, own);
    }
}
