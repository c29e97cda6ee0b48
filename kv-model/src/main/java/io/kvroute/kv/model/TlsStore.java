package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One entry of {@code tls/stores} (Traefik's {@code tls.Store}): the certificate served when no certificate of the
 * store matches the SNI, given as files or to be issued by a resolver ({@code defaultCertificate} wins when both are
 * set); with neither, Traefik serves a self-signed certificate it generates. The store {@code default} exists even
 * when not configured.
 */
public record TlsStore(String name, Optional<CertificateFiles> defaultCertificate,
        Optional<GeneratedCertificate> defaultGeneratedCert) {
    public TlsStore {
        requireNonNull(name, "name");
        requireNonNull(defaultCertificate, "defaultCertificate");
        requireNonNull(defaultGeneratedCert, "defaultGeneratedCert");
    }

    public TlsStore withDefaultCertificate(CertificateFiles files) {
        return new TlsStore(name, Optional.of(files), defaultGeneratedCert);
    }
}
