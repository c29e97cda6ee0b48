package io.kvroute.proxy.health;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.upstream.CertificateRefusals;
import io.kvroute.proxy.upstream.ServerTls;
import io.undertow.connector.ByteBufferPool;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.util.Optional;
import org.xnio.OptionMap;
import org.xnio.Xnio;
import org.xnio.ssl.XnioSsl;

/**
 * TLS for the probes of {@code https} servers on one servers transport, as the transport's requests have it
 * ({@link ServerTls}: its {@code rootCAs} or the JDK's trusted certificates, {@code serverName} as SNI and as the name
 * checked, {@code insecureSkipVerify}, client {@code certificates}, {@code peerCertURI}), in a context of its own
 * whose server certificate checks are watched ({@link CertificateRefusals}) so that a refused handshake names its reason
 * in the probe's error. One per transport's settings, shared by every server probed on it ({@link ProbeTransport}).
 */
final class ProbeTls {
    private final ServerTls tls;
    private final XnioSsl ssl;
    private final CertificateRefusals refusals;

    private ProbeTls(ServerTls tls, XnioSsl ssl, CertificateRefusals refusals) {
        this.tls = tls;
        this.ssl = ssl;
        this.refusals = refusals;
    }

    /** The probes' TLS for {@code tls}, with Undertow's TLS over {@code xnio} and {@code buffers}. */
    static ProbeTls of(ServerTls tls, Xnio xnio, ByteBufferPool buffers) throws GeneralSecurityException {
        requireNonNull(tls, "tls");
        CertificateRefusals refusals = new CertificateRefusals(tls);
        XnioSsl ssl = new UndertowXnioSsl(xnio, OptionMap.EMPTY, buffers, tls.contextChecking(refusals));
        return new ProbeTls(tls, ssl, refusals);
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
