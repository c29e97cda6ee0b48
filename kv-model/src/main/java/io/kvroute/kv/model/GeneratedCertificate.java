package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Traefik's {@code tls.GeneratedCert}: a store's default certificate issued by the certificate resolver
 * {@code resolver} for {@code domain}. Traefik uses it only when both are set, else its own generated certificate.
 */
public record GeneratedCertificate(String resolver, Optional<TlsDomain> domain) {
    public GeneratedCertificate {
        requireNonNull(resolver, "resolver");
        requireNonNull(domain, "domain");
    }
}
