package io.kvroute.proxy.health;

import io.kvroute.proxy.upstream.CertificateRefusals;
import io.kvroute.proxy.upstream.ServerTls;
import io.kvroute.proxy.upstream.TlsToServer;
import io.undertow.connector.ByteBufferPool;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.ssl.SslConnection;
import org.xnio.ssl.XnioSsl;

/**
 * TLS for the probes of {@code https} servers, and of TCP servers with {@code tls}, on one servers transport, as the
 * transport's connections have it ({@link ServerTls}: its {@code rootCAs} or the JDK's trusted certificates,
 * {@code serverName} as SNI and as the name checked, {@code insecureSkipVerify}, client {@code certificates},
 * {@code peerCertURI}), through {@link TlsToServer} in the transport's context ({@link ServerTls#context()}, which the
 * TCP relay's connections share) whose server certificate checks are watched ({@link CertificateRefusals}) so that a
 * refused handshake names its reason in the probe's error. One per transport's settings, shared by every server
 * probed on it ({@link ProbeTransport}).
 */
final class ProbeTls {
    private final TlsToServer toServer;
    private final UndertowXnioSsl ssl;

    private ProbeTls(TlsToServer toServer, UndertowXnioSsl ssl) {
        this.toServer = toServer;
        this.ssl = ssl;
    }

    /** The probes' TLS for {@code tls}, with Undertow's TLS over {@code xnio} and {@code buffers}. */
    static ProbeTls of(ServerTls tls, Xnio xnio, ByteBufferPool buffers) {
        TlsToServer toServer = TlsToServer.of(tls);
        return new ProbeTls(toServer, toServer.ssl(xnio, buffers));
    }

    /**
     * {@code server}, a TCP server dialled plain, wrapped in a TLS client connection whose handshake has started, as
     * the TCP relay's connections to it are ({@link TlsToServer#wrap}).
     */
    SslConnection wrap(StreamConnection server) throws IOException {
        return toServer.wrap(server, ssl);
    }

    /**
     * Why the TLS handshake on {@code connection} failed, if it did not complete: the reason the server's certificate
     * was refused, or that the server ended it.
     */
    Optional<String> failure(SslConnection connection) {
        return toServer.failure(connection);
    }

    XnioSsl ssl() {
        return ssl;
    }

    /** What a connection needs beyond the socket's options: the {@code serverName} as SNI and name checked. */
    OptionMap connectOptions() {
        return toServer.tls().connectOptions();
    }

    /**
     * Why the last handshake with {@code origin} was refused, if it was; asked under the name the certificate was
     * checked against (the transport's {@code serverName}, else the origin's host) and the origin's port.
     */
    Optional<String> refusal(URI origin) {
        String serverName = toServer.tls().settings().serverName();
        return toServer.refusal(serverName.isEmpty() ? origin.getHost() : serverName, origin.getPort())
                .map(refused -> String.valueOf(refused.getMessage()));
    }
}
