package io.kvroute.proxy.tls;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The certificates a certificate resolver (ACME) hands the TLS entry points, swapped whole with each of its
 * snapshots: the certificates to serve (source {@link ServedCertificate#ACME}, in the default store after the
 * store's own certificates), the state of every certificate the resolvers hold or order (for the API), and the
 * TLS-ALPN-01 challenge certificates by the lower-case name they answer for (RFC 8737), presented only to a client
 * that offers {@code acme-tls/1} for that name, and never with HTTP after them.
 */
public record ManagedCertificates(List<ServedCertificate> certificates, List<State> states,
        Map<String, ServedCertificate> alpnChallenges) {
    public static final ManagedCertificates NONE = new ManagedCertificates(List.of(), List.of(), Map.of());

    public ManagedCertificates {
        certificates = List.copyOf(certificates);
        states = List.copyOf(states);
        alpnChallenges = Map.copyOf(alpnChallenges);
    }

    /** The resolvers' certificates and their states, no challenge pending. */
    public ManagedCertificates(List<ServedCertificate> certificates, List<State> states) {
        this(certificates, states, Map.of());
    }

    /**
     * Where one certificate of a resolver stands.
     *
     * @param id       the certificate's id, as its {@link ServedCertificate#id()} when it is served
     * @param renewal  the renewal state (PENDING, ORDERING, VALID, RENEWAL_DUE, BACKING_OFF, ...)
     */
    public record State(String id, List<String> domains, String renewal, Optional<String> lastError,
            Optional<Instant> nextAttempt) {
        public State {
            requireNonNull(id, "id");
            domains = List.copyOf(domains);
            requireNonNull(renewal, "renewal");
            requireNonNull(lastError, "lastError");
            requireNonNull(nextAttempt, "nextAttempt");
        }
    }

    /** The state of the certificate {@code id}, if a resolver holds or orders it. */
    public Optional<State> state(String id) {
        return states.stream().filter(state -> state.id().equals(id)).findFirst();
    }
}
