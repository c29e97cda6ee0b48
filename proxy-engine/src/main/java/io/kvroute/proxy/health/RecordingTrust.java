package io.kvroute.proxy.health;

import static java.util.Objects.requireNonNull;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A trust manager that decides as its delegate does and remembers, per server ({@code host:port}), why it last
 * refused one: a refused handshake only closes the connection, and the probe's error text should say why.
 */
final class RecordingTrust extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager delegate;
    private final Map<String, String> refusals = new ConcurrentHashMap<>();

    RecordingTrust(X509ExtendedTrustManager delegate) {
        this.delegate = requireNonNull(delegate, "delegate");
    }

    /** Why the last handshake with {@code host:port} was refused, if it was; forgotten once asked. */
    Optional<String> refusal(String host, int port) {
        return Optional.ofNullable(refusals.remove(host + ":" + port));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        try {
            delegate.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException refused) {
            refusals.put(engine.getPeerHost() + ":" + engine.getPeerPort(), String.valueOf(refused.getMessage()));
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
