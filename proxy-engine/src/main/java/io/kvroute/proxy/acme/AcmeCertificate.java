package io.kvroute.proxy.acme;

import static java.util.Objects.requireNonNull;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A certificate a resolver obtained, as read back from the store: the chain (leaf first, as the CA sent it, or the
 * preferred chain), its private key, the names it was ordered for, and its validity. {@link #renewAt()} is two
 * thirds into its lifetime.
 */
public record AcmeCertificate(String resolver, CertificateDomains domains, List<X509Certificate> chain,
        PrivateKey privateKey) {
    public AcmeCertificate {
        requireNonNull(resolver, "resolver");
        requireNonNull(domains, "domains");
        chain = List.copyOf(chain);
        requireNonNull(privateKey, "privateKey");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain: empty (expected the leaf first)");
        }
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    public Instant notBefore() {
        return leaf().getNotBefore().toInstant();
    }

    public Instant notAfter() {
        return leaf().getNotAfter().toInstant();
    }

    /** When a renewal is due: two thirds of the way from not-before to not-after. */
    public Instant renewAt() {
        Duration lifetime = Duration.between(notBefore(), notAfter());
        return notBefore().plus(lifetime.multipliedBy(2).dividedBy(3));
    }

    /** The leaf's serial number in hex, to tell renewals apart. */
    public String serial() {
        return leaf().getSerialNumber().toString(16);
    }
}
