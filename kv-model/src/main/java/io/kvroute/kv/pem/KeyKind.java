package io.kvroute.kv.pem;

import java.security.Key;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;
import java.util.Optional;

/**
 * The key types Go's TLS serves certificates with, with the JDK names that sign with them: a key matches a
 * certificate when it is of the same kind and a signature made with it verifies.
 */
public enum KeyKind {
    RSA("RSA", "SHA256withRSA"),
    ECDSA("EC", "SHA256withECDSA"),
    ED25519("Ed25519", "Ed25519");

    private final String keyFactory;
    private final String signature;

    KeyKind(String keyFactory, String signature) {
        this.keyFactory = keyFactory;
        this.signature = signature;
    }

    /** The kind of a public or private key; empty for kinds TLS does not serve (DSA, RSASSA-PSS keys, ...). */
    public static Optional<KeyKind> of(Key key) {
        if (key instanceof RSAKey && key.getAlgorithm().equals("RSA")) {
            return Optional.of(RSA);
        }
        if (key instanceof ECKey) {
            return Optional.of(ECDSA);
        }
        if (key instanceof EdECKey edec && edec.getParams().getName().equals("Ed25519")) {
            return Optional.of(ED25519);
        }
        return Optional.empty();
    }

    String keyFactory() {
        return keyFactory;
    }

    String signature() {
        return signature;
    }
}
