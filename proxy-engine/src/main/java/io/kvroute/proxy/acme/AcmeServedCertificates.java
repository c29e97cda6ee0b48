package io.kvroute.proxy.acme;

import io.kvroute.kv.pem.PemKeyPair;
import io.kvroute.proxy.tls.ManagedCertificates;
import io.kvroute.proxy.tls.ServedCertificate;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the TLS entry points get of an {@link AcmeSnapshot}: its servable certificates (source {@code acme}, id
 * {@code RESOLVER/NAMES}), the state of every certificate the resolvers hold or order, and the pending TLS-ALPN-01
 * challenge certificates by name (id {@code tls-alpn-01/NAME}), and nothing else.
 */
public final class AcmeServedCertificates {
    private AcmeServedCertificates() {
    }

    /** The certificates of {@code snapshot} to serve at {@code now}, and the states of all of them. */
    public static ManagedCertificates of(AcmeSnapshot snapshot, Instant now) {
        List<ServedCertificate> certificates = snapshot.servable(now).stream()
                .map(certificate -> ServedCertificate.of(id(certificate.resolver(), certificate.domains()),
                        ServedCertificate.ACME, new PemKeyPair(certificate.chain(), certificate.privateKey())))
                .toList();
        List<ManagedCertificates.State> states = snapshot.certificates().stream()
                .map(state -> new ManagedCertificates.State(id(state.resolver(), state.domains()),
                        state.domains().names(), state.state().name(), state.lastError(), state.nextAttempt()))
                .toList();
        Map<String, ServedCertificate> challenges = new HashMap<>();
        snapshot.tlsAlpn01Certificates().forEach((name, certificate) -> challenges.put(name, ServedCertificate.of(
                "tls-alpn-01/" + name, ServedCertificate.ACME, new PemKeyPair(certificate.chain(),
                        certificate.privateKey()))));
        return new ManagedCertificates(certificates, states, challenges);
    }

    /** How the API names a resolver's certificate: the resolver, a slash, its names joined by commas. */
    static String id(String resolver, CertificateDomains domains) {
        return resolver + "/" + domains.id();
    }
}
