package io.kvroute.proxy.acme;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the resolvers hold at one moment, immutable and swapped whole ({@link AcmeManager#snapshot()}): every
 * certificate with its state (sorted by resolver, then main name), the HTTP-01 answers every proxy of the store
 * serves (token to key authorization), the TLS-ALPN-01 challenge certificates every proxy of the store presents (by
 * the name being validated, lower case), and problems that keep resolvers or routers from ordering (one line each).
 */
public record AcmeSnapshot(List<AcmeCertificateState> certificates, Map<String, String> http01Answers,
        Map<String, AcmeCertificate> tlsAlpn01Certificates, List<String> problems) {
    public static final AcmeSnapshot EMPTY = new AcmeSnapshot(List.of(), Map.of(), Map.of(), List.of());

    public AcmeSnapshot {
        certificates = List.copyOf(certificates);
        http01Answers = Map.copyOf(http01Answers);
        tlsAlpn01Certificates = Map.copyOf(tlsAlpn01Certificates);
        problems = List.copyOf(problems);
    }

    /** The certificates to serve at {@code now}: issued and not expired. */
    public List<AcmeCertificate> servable(Instant now) {
        return certificates.stream().flatMap(state -> state.certificate().stream())
                .filter(certificate -> certificate.notAfter().isAfter(now))
                .toList();
    }

    /** The state of the certificate {@code resolver} holds or orders for exactly these names. */
    public Optional<AcmeCertificateState> state(String resolver, CertificateDomains domains) {
        requireNonNull(domains, "domains");
        return certificates.stream()
                .filter(state -> state.resolver().equals(resolver) && state.domains().equals(domains))
                .findFirst();
    }

    /** The key authorization to answer {@code /.well-known/acme-challenge/TOKEN} with. */
    public Optional<String> keyAuthorization(String token) {
        return Optional.ofNullable(http01Answers.get(token));
    }

    /** The TLS-ALPN-01 challenge certificate to present to a validation of {@code name}, if one is pending. */
    public Optional<AcmeCertificate> tlsAlpn01Certificate(String name) {
        return Optional.ofNullable(tlsAlpn01Certificates.get(name));
    }
}
