package io.kvroute.proxy.acme;

import io.kvroute.kv.pem.PemException;
import io.kvroute.kv.pem.PemKeyPairs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The trust for a CA's own HTTPS certificate, as lego (Traefik's ACME library) takes it: the certificates of the PEM
 * files named by {@link AcmeResolverSettings#LEGO_CA_CERTIFICATES} (or a resolver's {@code caCertificates}) are the
 * only roots trusted, verified as always (hostname included); without files, the JDK's default trust. Verification is
 * never turned off.
 */
final class CaTrust {
    private CaTrust() {
    }

    /**
     * An SSL context trusting only the certificates in {@code pemFiles}; empty when none are named (the JDK default).
     *
     * @throws IllegalArgumentException one line naming the file that does not read or holds no certificate
     */
    static Optional<SSLContext> context(String what, List<Path> pemFiles) {
        if (pemFiles.isEmpty()) {
            return Optional.empty();
        }
        try {
            KeyStore roots = KeyStore.getInstance(KeyStore.getDefaultType());
            roots.load(null, null);
            int index = 0;
            for (Path file : pemFiles) {
                for (X509Certificate certificate : certificates(what, file)) {
                    roots.setCertificateEntry("ca-" + index++, certificate);
                }
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(roots);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return Optional.of(context);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(what + ": cannot build the CA trust: " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> certificates(String what, Path file) {
        try {
            List<X509Certificate> certificates = PemKeyPairs.certificates(Files.readAllBytes(file));
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException(what + "=" + file + ": no PEM certificate in it");
            }
            return certificates;
        } catch (IOException e) {
            throw new IllegalArgumentException(what + "=" + file + ": cannot read it (" + e + ")", e);
        } catch (PemException e) {
            throw new IllegalArgumentException(what + "=" + file + ": " + e.getMessage(), e);
        }
    }
}
