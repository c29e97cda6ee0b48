package io.kvroute.kv.store.consul;

import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvStoreException.Kind;
import io.kvroute.kv.store.StoreSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS material for an HTTPS Consul agent, read from PEM files: a CA bundle to trust and, for mutual TLS, a
 * certificate chain with its PKCS#8 private key ({@code BEGIN PRIVATE KEY}, RSA or EC).
 */
record ConsulTls(SSLContext context, X509TrustManager trustManager) {
    private static final char[] NO_PASSWORD = new char[0];

    /** Empty when the settings name no TLS file: plain HTTP. */
    static Optional<ConsulTls> from(StoreSettings settings) {
        if (settings.tlsCa().isEmpty() && settings.tlsCert().isEmpty() && settings.tlsKey().isEmpty()) {
            return Optional.empty();
        }
        if (settings.tlsCert().isPresent() != settings.tlsKey().isPresent()) {
            throw new KvStoreException(Kind.INVALID, "consul.tls: cert " + settings.tlsCert().map(Path::toString)
                    .orElse("(none)") + ", key " + settings.tlsKey().map(Path::toString).orElse("(none)")
                    + " (expected: both a client certificate and its key, or neither)");
        }
        try {
            X509TrustManager trust = trustManager(settings.tlsCa());
            KeyManager[] keys = settings.tlsCert().isPresent()
                    ? keyManagers(settings.tlsCert().get(), settings.tlsKey().get())
                    : null;
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, new TrustManager[] {trust}, null);
            return Optional.of(new ConsulTls(context, trust));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new KvStoreException(Kind.INVALID, "consul.tls: cannot load " + files(settings) + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "; expected: PEM certificates and a PKCS#8 PEM private key)", e);
        }
    }

    private static X509TrustManager trustManager(Optional<Path> ca) throws IOException, GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (ca.isPresent()) {
            KeyStore store = emptyKeyStore();
            int n = 0;
            for (Certificate certificate : certificates(ca.get())) {
                store.setCertificateEntry("ca-" + n++, certificate);
            }
            factory.init(store);
        } else {
            factory.init((KeyStore) null);
        }
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X509 trust manager available");
    }

    private static KeyManager[] keyManagers(Path cert, Path key) throws IOException, GeneralSecurityException {
        List<Certificate> chain = List.copyOf(certificates(cert));
        KeyStore store = emptyKeyStore();
        store.setKeyEntry("client", privateKey(key, chain.get(0).getPublicKey().getAlgorithm()), NO_PASSWORD,
                chain.toArray(Certificate[]::new));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, NO_PASSWORD);
        return factory.getKeyManagers();
    }

    private static Collection<? extends Certificate> certificates(Path pem) throws IOException,
            GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new GeneralSecurityException(pem + " holds no certificate");
            }
            return certificates;
        }
    }

    private static PrivateKey privateKey(Path pem, String algorithm) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new GeneralSecurityException(pem + " holds no \"BEGIN PRIVATE KEY\" (PKCS#8) block");
        }
        String base64 = text.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end).replaceAll("\\s", "");
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(
                Base64.getDecoder().decode(base64)));
    }

    private static KeyStore emptyKeyStore() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        return store;
    }

    private static String files(StoreSettings settings) {
        return String.join(", ", settings.tlsCa().map(p -> "ca " + p).orElse("no ca"),
                settings.tlsCert().map(p -> "cert " + p).orElse("no cert"),
                settings.tlsKey().map(p -> "key " + p).orElse("no key"));
    }
}
