package io.kvroute.proxy.tcp;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.upstream.CertificateRefusals;
import io.kvroute.proxy.upstream.ServerTls;
import io.undertow.UndertowOptions;
import io.undertow.connector.ByteBufferPool;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;
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
 * The TLS client side of connections to the TCP servers with {@code tls} of one servers transport, as Go's
 * {@code tls.Client} in Traefik's TLS dialer makes it: the transport's roots, client certificates and certificate
 * checks ({@link ServerTls}), the {@code serverName} sent as SNI unless it is an IP address (no SNI without one) and
 * checked in the certificate (the JDK's HTTPS endpoint identification, then {@code peerCertURI}), no ALPN. The
 * handshake starts at once and goes on with the relay's reads and writes; a refused one closes the connection, and
 * {@link #failure(SslConnection)} says why.
 */
final class TlsToServer {
    private static final String NO_CIPHER_SUITE = "SSL_NULL_WITH_NULL_NULL";

    private final ServerTls tls;
    private final CertificateRefusals refusals;
    private final SSLContext context;

    private TlsToServer(ServerTls tls, CertificateRefusals refusals, SSLContext context) {
        this.tls = tls;
        this.refusals = refusals;
        this.context = context;
    }

    /** TLS to servers with {@code tls}'s settings, in a context of its own that remembers why it refused. */
    static TlsToServer of(ServerTls tls) throws GeneralSecurityException {
        CertificateRefusals refusals = new CertificateRefusals(tls);
        return new TlsToServer(tls, refusals, tls.contextChecking(refusals));
    }

    ServerTls tls() {
        return tls;
    }

    /** {@code server}, dialled plain, wrapped in a TLS client connection whose handshake has started. */
    SslConnection wrap(StreamConnection server, Xnio xnio, ByteBufferPool buffers) throws IOException {
        OptionMap options = OptionMap.builder().addAll(tls.connectOptions())
                .set(UndertowOptions.ENDPOINT_IDENTIFICATION_ALGORITHM, "HTTPS").getMap();
        SslConnection connection = new UndertowXnioSsl(requireNonNull(xnio, "xnio"), OptionMap.EMPTY,
                requireNonNull(buffers, "buffers"), context).wrapExistingConnection(server, options, true);
        SSLEngine engine = UndertowXnioSsl.getSslEngine(connection);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setServerNames(tls.sniName().<List<SNIServerName>>map(name -> List.of(new SNIHostName(name)))
                .orElse(List.of()));
        engine.setSSLParameters(parameters);
        connection.startHandshake();
        return connection;
    }

    /**
     * Why the TLS handshake on {@code connection} failed, if it did not complete: the reason the server's certificate
     * was refused, or that the server ended it (a client certificate it wants, no common protocol).
     */
    Optional<String> failure(SslConnection connection) {
        SSLEngine engine = UndertowXnioSsl.getSslEngine(connection);
        if (!NO_CIPHER_SUITE.equals(engine.getSession().getCipherSuite())) {
            return Optional.empty();
        }
        return Optional.of(refusals.take(engine).map(refused -> "its certificate was refused: " + refused.getMessage())
                .orElse("the handshake did not complete (the server ended it: does it want a client certificate, "
                        + "or a protocol or cipher this transport does not offer?)"));
    }
}
