package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.pem.PemKeyPair;
import java.util.Optional;

/**
 * Traefik's {@code tls.Certificate}: a certificate chain ({@code certFile}) and its private key ({@code keyFile}),
 * each a path or PEM content, and once loaded and checked ({@link TlsChecks}) the parsed pair; {@code keyPair} is
 * empty before loading and when the files cannot be used (the problems say why).
 */
public record CertificateFiles(FileOrContent certFile, FileOrContent keyFile, Optional<PemKeyPair> keyPair) {
    public CertificateFiles {
        requireNonNull(certFile, "certFile");
        requireNonNull(keyFile, "keyFile");
        requireNonNull(keyPair, "keyPair");
    }

    /** Files not loaded yet. */
    public static CertificateFiles of(String certFile, String keyFile) {
        return new CertificateFiles(new FileOrContent(certFile), new FileOrContent(keyFile), Optional.empty());
    }

    public CertificateFiles withKeyPair(PemKeyPair loaded) {
        return new CertificateFiles(certFile, keyFile, Optional.of(loaded));
    }
}
