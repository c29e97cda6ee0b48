package io.kvroute.kv.pem;

import static java.util.Objects.requireNonNull;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

/**
 * A certificate chain as given (leaf first, then whatever intermediates the file holds, in file order) and the
 * private key of the leaf: what a TLS server presents. Equal when the certificates and the key encode equally.
 */
public record PemKeyPair(List<X509Certificate> chain, PrivateKey key) {
    public PemKeyPair {
        chain = List.copyOf(requireNonNull(chain, "chain"));
        requireNonNull(key, "key");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain: empty (expected: at least the leaf certificate)");
        }
    }

    /** The certificate whose key {@link #key()} is. */
    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** Equality by encoding: the JDK's certificates compare their encoding; keys are compared the same way. */
    @Override
    public boolean equals(Object other) {
        return other instanceof PemKeyPair pair && chain.equals(pair.chain)
                && Arrays.equals(key.getEncoded(), pair.key.getEncoded());
    }

    @Override
    public int hashCode() {
        return chain.hashCode();
    }

    /** Names the leaf, never the key. */
    @Override
    public String toString() {
        return "PemKeyPair[" + leaf().getSubjectX500Principal() + ", chain of " + chain.size() + "]";
    }
}
