package io.kvroute.proxy.acme;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One certificate of a resolver as the dashboard and the TLS side see it: its names, the issued certificate when
 * there is one (kept while a renewal runs or fails), the renewal state, the last error (CA refusals, rate limits, an
 * unreachable CA, what keeps it from being ordered), and when the next attempt is due after a failure.
 */
public record AcmeCertificateState(String resolver, CertificateDomains domains, Optional<AcmeCertificate> certificate,
        RenewalState state, Optional<String> lastError, Optional<Instant> nextAttempt) {
    public AcmeCertificateState {
        requireNonNull(resolver, "resolver");
        requireNonNull(domains, "domains");
        requireNonNull(certificate, "certificate");
        requireNonNull(state, "state");
        requireNonNull(lastError, "lastError");
        requireNonNull(nextAttempt, "nextAttempt");
    }
}
