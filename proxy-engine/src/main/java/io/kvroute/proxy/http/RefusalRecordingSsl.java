package io.kvroute.proxy.http;

import io.kvroute.proxy.upstream.CertificateRefusals;
import io.kvroute.proxy.upstream.ServerTls;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.xnio.OptionMap;
import org.xnio.Xnio;
import org.xnio.ssl.SslConnection;

/**
 * The TLS client of the {@code https} servers on one transport TLS ({@link ServerPools} keeps one per
 * {@link ServerTls}): its client certificates, and its server certificate checks, which remember, per connection, why
 * they refused a certificate ({@link CertificateRefusals}). Undertow's TLS conduit checks a certificate in a delegated
 * task and, when the check fails, closes the connection without telling anyone why; {@link Http1TlsDialer} asks here.
 */
final class RefusalRecordingSsl extends UndertowXnioSsl {
    private final CertificateRefusals refusals;

    private RefusalRecordingSsl(Xnio xnio, SSLContext context, CertificateRefusals refusals) {
        super(xnio, OptionMap.EMPTY, context);
        this.refusals = refusals;
    }

    /** The client for {@code tls}: its client certificates, and its checks of server certificates, recorded. */
    static RefusalRecordingSsl of(Xnio xnio, ServerTls tls) {
        CertificateRefusals refusals = new CertificateRefusals(tls);
        try {
            return new RefusalRecordingSsl(xnio, tls.contextChecking(refusals), refusals);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the TLS context of " + tls + " was built once and cannot be again: "
                    + e.getMessage(), e);
        }
    }

    /** Why the certificate check of {@code connection} refused the server's certificate, if it did. */
    Optional<CertificateException> refusal(SslConnection connection) {
        return refusals.take(getSslEngine(connection));
    }
}
