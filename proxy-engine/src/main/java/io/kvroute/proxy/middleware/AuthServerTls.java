package io.kvroute.proxy.middleware;

import io.kvroute.kv.model.FileOrContent;
import io.kvroute.kv.pem.PemException;
import io.kvroute.kv.pem.PemKeyPairs;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The {@code tls} section of {@code forwardAuth} (Traefik's {@code ClientTLS}) as the TLS context of the connections
 * to the authentication server: {@code ca} (a file or PEM content) replaces the system's trusted roots, {@code cert}
 * and {@code key} (both or neither) are the client certificate, {@code insecureSkipVerify} trusts any server
 * certificate for any name. {@code caOptional} is deprecated and ignored by Traefik, and so here. Messages show a
 * file's path but never PEM content (a private key must not reach a log line).
 */
final class AuthServerTls {
    private AuthServerTls() {
    }

    /**
     * The context for {@code tls}, or empty when there is no {@code tls} section (the JDK's default context).
     *
     * @throws MiddlewareException naming the setting that cannot be read or parsed
     */
    static Optional<SSLContext> read(Optional<MiddlewareSettings> tls) {
        if (tls.isEmpty()) {
            return Optional.empty();
        }
        MiddlewareSettings settings = tls.get();
        String ca = settings.text("ca").orElse("");
        String cert = settings.text("cert").orElse("");
        String key = settings.text("key").orElse("");
        boolean insecure = settings.bool("insecureSkipVerify").orElse(false);
        settings.bool("caOptional");
        if (cert.isEmpty() != key.isEmpty()) {
            throw invalid(settings, cert.isEmpty() ? "cert" : "key", "", "both cert and key, or neither");
        }
        try {
            TrustManager[] trust = insecure ? new TrustManager[] {new AnyServer()} : trust(settings, ca);
            KeyManager[] keys = cert.isEmpty() ? null : keys(settings, cert, key);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return Optional.of(context);
        } catch (GeneralSecurityException e) {
            throw invalid(settings, "ca", ca, "a usable TLS configuration; " + e.getMessage());
        }
    }

    private static TrustManager[] trust(MiddlewareSettings settings, String ca) throws GeneralSecurityException {
        if (ca.isEmpty()) {
            return null;
        }
        List<X509Certificate> roots;
        try {
            roots = PemKeyPairs.certificates(new FileOrContent(ca).read());
        } catch (IOException | PemException e) {
            throw invalid(settings, "ca", ca, "a PEM file or PEM content with CA certificates; " + e.getMessage());
        }
        KeyStore store = emptyStore();
        for (int i = 0; i < roots.size(); i++) {
            store.setCertificateEntry("ca-" + i, roots.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    private static KeyManager[] keys(MiddlewareSettings settings, String cert, String key)
            throws GeneralSecurityException {
        List<X509Certificate> chain;
        PrivateKey privateKey;
        try {
            chain = PemKeyPairs.chain(new FileOrContent(cert).read());
        } catch (IOException | PemException e) {
            throw invalid(settings, "cert", cert, "a PEM certificate file or content; " + e.getMessage());
        }
        try {
            privateKey = PemKeyPairs.privateKey(new FileOrContent(key).read());
            PemKeyPairs.pair(chain, privateKey);
        } catch (IOException | PemException e) {
            throw invalid(settings, "key", key, "the PEM private key of cert; " + e.getMessage());
        }
        KeyStore store = emptyStore();
        store.setKeyEntry("client", privateKey, new char[0], chain.toArray(X509Certificate[]::new));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, new char[0]);
        return factory.getKeyManagers();
    }

    /** The {@code tls} section's setting {@code name} refused, its value as {@link FileOrContent#shown()} shows it. */
    private static MiddlewareException invalid(MiddlewareSettings settings, String name, String value,
            String expected) {
        String shown = value.isEmpty() ? "(not set)" : "\"" + new FileOrContent(value).shown() + "\"";
        return settings.invalidShown(name, shown, expected);
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException impossible) {
            throw new IllegalStateException("an empty key store loads from nothing", impossible);
        }
        return store;
    }

    /** {@code insecureSkipVerify}: any certificate, any name (an extended manager, so the JDK adds no name check). */
    private static final class AnyServer extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
