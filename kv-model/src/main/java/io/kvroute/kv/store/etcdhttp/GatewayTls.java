package io.kvroute.kv.store.etcdhttp;

import io.kvroute.kv.pem.PemException;
import io.kvroute.kv.pem.PemKeyPair;
import io.kvroute.kv.pem.PemKeyPairs;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.StoreSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The JDK {@link SSLContext} for an etcd served over TLS, from the PEM files of {@code --etcd.tls.*}: the CA file's
 * certificates are the only ones trusted (the JDK's own when none is given), and a client certificate with its key
 * (PKCS #1, PKCS #8 or SEC 1, as {@link PemKeyPairs} reads them) is presented for mutual TLS.
 */
final class GatewayTls {
    private static final char[] NO_PASSWORD = new char[0];

    private GatewayTls() {
    }

    /** Empty when the settings name neither a CA nor a client certificate: plain HTTP. */
    static Optional<SSLContext> context(StoreSettings settings) {
        if (!settings.usesTls()) {
            return Optional.empty();
        }
        Optional<Path> ca = settings.tlsCa();
        Optional<Path> cert = settings.tlsCert();
        Optional<Path> key = settings.tlsKey();
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (ca.isPresent()) {
                KeyStore trusted = emptyKeyStore();
                List<X509Certificate> certificates = PemKeyPairs.certificates(Files.readAllBytes(ca.get()));
                for (int i = 0; i < certificates.size(); i++) {
                    trusted.setCertificateEntry("ca-" + i, certificates.get(i));
                }
                trust.init(trusted);
            } else {
                trust.init((KeyStore) null);
            }
            KeyManager[] keys = null;
            if (cert.isPresent() && key.isPresent()) {
                PemKeyPair pair = PemKeyPairs.pair(PemKeyPairs.chain(Files.readAllBytes(cert.get())),
                        PemKeyPairs.privateKey(Files.readAllBytes(key.get())));
                KeyStore own = emptyKeyStore();
                own.setKeyEntry("client", pair.key(), NO_PASSWORD, pair.chain().toArray(X509Certificate[]::new));
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                factory.init(own, NO_PASSWORD);
                keys = factory.getKeyManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust.getTrustManagers(), null);
            return Optional.of(context);
        } catch (IOException | GeneralSecurityException | PemException e) {
            throw new KvStoreException(KvStoreException.Kind.INVALID, "etcd TLS: cannot load ca " + ca.orElse(null)
                    + ", cert " + cert.orElse(null) + ", key " + key.orElse(null) + ": " + e, e);
        }
    }

    private static KeyStore emptyKeyStore() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        return store;
    }
}
