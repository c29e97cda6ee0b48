package io.kvroute.proxy.tls;

import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The trust of Go's {@code RequestClientCert} and {@code RequireAnyClientCert}: a client certificate is asked for
 * (and for the latter required, by the engine) but not verified, as Traefik does for these types; the CA files, if
 * any, are only named to the client as acceptable issuers. Never used for server certificates.
 */
final class AnyClientCertificate extends X509ExtendedTrustManager {
    private final X509Certificate[] issuers;

    AnyClientCertificate(List<X509Certificate> issuers) {
        this.issuers = issuers.toArray(X509Certificate[]::new);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        // Any certificate: the client authentication type asks for one without verifying it.
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        // As above.
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        // As above.
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        throw new UnsupportedOperationException("a server's client trust checks no server certificates");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        throw new UnsupportedOperationException("a server's client trust checks no server certificates");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
        throw new UnsupportedOperationException("a server's client trust checks no server certificates");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return issuers.clone();
    }
}
