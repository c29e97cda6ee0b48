package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.upstream.ServerTls;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.xnio.OptionMap;
import org.xnio.Xnio;
import org.xnio.ssl.SslConnection;

/**
 * The TLS client of the {@code https} servers on one transport TLS ({@link ServerPools} keeps one per {@link ServerTls}):
 * its client certificates, and its server certificate checks, which remember, per connection, why they refused a certificate. Undertow's TLS conduit checks a certificate in a delegated
 * task and, when the check fails, closes the connection without telling anyone why; {@link Http1TlsDialer} asks here.
 */
final class RefusalRecordingSsl extends UndertowXnioSsl {
    private final Map<SSLEngine, CertificateException> refusals;

    private RefusalRecordingSsl(Xnio xnio, SSLContext context, Map<SSLEngine, CertificateException> refusals) {
        super(xnio, OptionMap.EMPTY, context);
        this.refusals = refusals;
    }

    /** The client for {@code tls}: its client certificates, and its checks of server certificates, recorded. */
    static RefusalRecordingSsl of(Xnio xnio, ServerTls tls) {
        Map<SSLEngine, CertificateException> refusals = Collections.synchronizedMap(new WeakHashMap<>());
        try {
            return new RefusalRecordingSsl(xnio, tls.contextChecking(new Recording(tls.serverChecks(), refusals)),
                    refusals);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the TLS context of " + tls + " was built once and cannot be again: "
                    + e.getMessage(), e);
        }
    }

    /** Why the certificate check of {@code connection} refused the server's certificate, if it did. */
    Optional<CertificateException> refusal(SslConnection connection) {
        return Optional.ofNullable(refusals.remove(getSslEngine(connection)));
    }

    /** A trust manager that decides as its delegate does and remembers a refused server certificate per engine. */
    private static final class Recording extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager delegate;
        private final Map<SSLEngine, CertificateException> refusals;

        Recording(X509ExtendedTrustManager delegate, Map<SSLEngine, CertificateException> refusals) {
            this.delegate = requireNonNull(delegate, "delegate");
            this.refusals = requireNonNull(refusals, "refusals");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            try {
                delegate.checkServerTrusted(chain, authType, engine);
            } catch (CertificateException refused) {
                refusals.put(engine, refused);
                throw refused;
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }
}
