package io.kvroute.proxy.tcp;

import static java.util.Objects.requireNonNull;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The servers transport's checks of server certificates ({@code ServerTrust}), deciding as they do and remembering
 * per TLS engine why they refused a certificate: Undertow's TLS connection closes on a refused handshake without
 * passing the reason on, and the relay's warning should say it. Engines are held weakly.
 */
final class ServerCertificateRefusals extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager checks;
    private final Map<SSLEngine, String> refusals = Collections.synchronizedMap(new WeakHashMap<>());

    ServerCertificateRefusals(X509ExtendedTrustManager checks) {
        this.checks = requireNonNull(checks, "checks");
    }

    /** Why the certificate of {@code engine}'s server was refused, if it was. */
    Optional<String> refusal(SSLEngine engine) {
        return Optional.ofNullable(refusals.get(engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        try {
            checks.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException refused) {
            refusals.put(engine, String.valueOf(refused.getMessage()));
            throw refused;
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checks.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checks.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checks.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checks.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checks.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return checks.getAcceptedIssuers();
    }
}
