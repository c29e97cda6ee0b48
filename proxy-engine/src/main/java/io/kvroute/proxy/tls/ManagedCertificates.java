package io.kvroute.proxy.tls;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The certificates a certificate resolver (ACME) hands the TLS entry points, swapped whole with each of its
 * snapshots: the certificates to serve (source {@link ServedCertificate#ACME}, in the default store after the
 * store's own certificates) and the state of every certificate the resolvers hold or order (for the API).
 */
public record ManagedCertificates(List<ServedCertificate> certificates, List<State> states) {
    public static final ManagedCertificates NONE = new ManagedCertificates(List.of(), List.of());

    public ManagedCertificates {
        certificates = List.copyOf(certificates);
        states = List.copyOf(states);
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
