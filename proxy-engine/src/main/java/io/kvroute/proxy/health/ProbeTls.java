package io.kvroute.proxy.health;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.upstream.CertificateRefusals;
import io.kvroute.proxy.upstream.ServerTls;
import io.undertow.UndertowOptions;
import io.undertow.connector.ByteBufferPool;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.ssl.SslConnection;
import org.xnio.ssl.XnioSsl;

/**
 * TLS for the probes of {@code https} servers, and of TCP servers with {@code tls}, on one servers transport, as the
 * transport's connections have it ({@link ServerTls}: its {@code rootCAs} or the JDK's trusted certificates,
 * {@code serverName} as SNI and as the name checked, {@code insecureSkipVerify}, client {@code certificates}, {@code peerCertURI}), in a context of its own
 * whose server certificate checks are watched ({@link CertificateRefusals}) so that a refused handshake names its reason
 * in the probe's error. One per transport's settings, shared by every server probed on it ({@link ProbeTransport}).
 */
final class ProbeTls {
    private static final String NO_CIPHER_SUITE = "SSL_NULL_WITH_NULL_NULL";

    private final ServerTls tls;
    private final UndertowXnioSsl ssl;
    private final CertificateRefusals refusals;

    private ProbeTls(ServerTls tls, UndertowXnioSsl ssl, CertificateRefusals refusals) {
        this.tls = tls;
        this.ssl = ssl;
        this.refusals = refusals;
    }

    /** The probes' TLS for {@code tls}, with Undertow's TLS over {@code xnio} and {@code buffers}. */
    static ProbeTls of(ServerTls tls, Xnio xnio, ByteBufferPool buffers) throws GeneralSecurityException {
        requireNonNull(tls, "tls");
        CertificateRefusals refusals = new CertificateRefusals(tls);
        UndertowXnioSsl ssl = new UndertowXnioSsl(xnio, OptionMap.EMPTY, buffers, tls.contextChecking(refusals));
        return new ProbeTls(tls, ssl, refusals);
    }

    /**
     * {@code server}, a TCP server dialled plain, wrapped in a TLS client connection whose handshake has started, as
     * the TCP relay's connections to it are: {@code serverName} sent as SNI unless it is an IP address, and checked in
     * the certificate; no ALPN.
     */
    SslConnection wrap(StreamConnection server) throws IOException {
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
    static boolean handshaken(SslConnection connection) {
        return !NO_CIPHER_SUITE.equals(UndertowXnioSsl.getSslEngine(connection).getSession().getCipherSuite());
    }

    /**
     * Why the TLS handshake on {@code connection} failed, if it did not complete: the reason the server's certificate
     * was refused, or that the server ended it.
     */
    Optional<String> failure(SslConnection connection) {
        if (handshaken(connection)) {
            return Optional.empty();
        }
        return Optional.of(refusals.take(UndertowXnioSsl.getSslEngine(connection))
                .map(refused -> "its certificate was refused: " + refused.getMessage())
                .orElse("the handshake did not complete (the server ended it: does it want a client certificate, "
                        + "or a protocol or cipher this transport does not offer?)"));
    }

    XnioSsl ssl() {
        return ssl;
    }

    /** What a connection needs beyond the socket's options: the {@code serverName} as SNI and name checked. */
    OptionMap connectOptions() {
        return tls.connectOptions();
    }

    /**
     * Why the last handshake with {@code origin} was refused, if it was; asked under the name the certificate was
     * checked against (the transport's {@code serverName}, else the origin's host) and the origin's port.
     */
    Optional<String> refusal(URI origin) {
        String serverName = tls.settings().serverName();
        return refusals.take(serverName.isEmpty() ? origin.getHost() : serverName, origin.getPort())
                .map(refused -> String.valueOf(refused.getMessage()));
    }
}
