package io.kvroute.proxy.acme;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The key types of Traefik's {@code certificatesResolvers.NAME.acme.keyType}, for the account key and every
 * certificate's key; Traefik's default is {@link #RSA4096}.
 */
public enum AcmeKeyType {
    EC256, EC384, RSA2048, RSA4096, RSA8192;

    /** The key type Traefik names so (case-insensitively), else one line naming the flag and the accepted names. */
    public static AcmeKeyType parse(String flag, String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + "=" + value + ": unknown key type (expected one of "
                    + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")) + ")", e);
        }
    }

    /** A fresh key pair of this type (JDK only). */
    public KeyPair generate() {
        try {
            return switch (this) {
                case EC256 -> ec("secp256r1");
                case EC384 -> ec("secp384r1");
                case RSA2048 -> rsa(2048);
                case RSA4096 -> rsa(4096);
                case RSA8192 -> rsa(8192);
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot generate " + this + " keys: " + e.getMessage(), e);
        }
    }

    private static KeyPair ec(String curve) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    private static KeyPair rsa(int bits) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return generator.generateKeyPair();
    }
}
