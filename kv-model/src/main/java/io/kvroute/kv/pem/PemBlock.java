package io.kvroute.kv.pem;

import static java.util.Objects.requireNonNull;

/** One {@code -----BEGIN TYPE----- ... -----END TYPE-----} block: its type and its decoded DER bytes. */
record PemBlock(String type, byte[] der) {
    PemBlock {
        requireNonNull(type, "type");
        der = requireNonNull(der, "der").clone();
    }

    @Override
    public byte[] der() {
        return der.clone();
    }

    /** Go's test for a key block: {@code PRIVATE KEY} or a type ending in {@code " PRIVATE KEY"}. */
    boolean isPrivateKey() {
        return type.equals("PRIVATE KEY") || type.endsWith(" PRIVATE KEY");
    }

    boolean isCertificate() {
        return type.equals("CERTIFICATE");
    }
}
