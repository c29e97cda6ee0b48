package io.kvroute.kv.pem;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The DER of a private key block to a JDK key, trying what Go's {@code tls.X509KeyPair} tries whatever the block's
 * type: PKCS #1 (RSA), PKCS #8 (RSA, ECDSA, Ed25519) and SEC 1 (ECDSA, with its named curve). The three are told
 * apart by their second element (an INTEGER, a SEQUENCE or an OCTET STRING); PKCS #1 and SEC 1 are wrapped as
 * PKCS #8 for the JDK's key factories.
 */
final class PrivateKeyDecoder {
    private static final byte[] RSA_ENCRYPTION = HexFormat.of().parseHex("06092a864886f70d010101");
    private static final byte[] EC_PUBLIC_KEY = HexFormat.of().parseHex("06072a8648ce3d0201");
    private static final byte[] ED25519 = HexFormat.of().parseHex("06032b6570");
    private static final byte[] VERSION_0 = {Der.INTEGER, 1, 0};

    private PrivateKeyDecoder() {
    }

    static PrivateKey decode(byte[] der) throws PemException {
        List<Der.Element> fields;
        try {
            fields = Der.sequence(der);
        } catch (PemException e) {
            throw new PemException("private key does not parse: " + e.getMessage());
        }
        if (fields.size() < 2 || fields.get(0).tag() != Der.INTEGER) {
            throw new PemException("private key does not parse: neither PKCS #1, PKCS #8 nor SEC 1");
        }
        return switch (fields.get(1).tag()) {
            case Der.INTEGER -> generate(KeyKind.RSA, pkcs8(Der.encode(Der.SEQUENCE, RSA_ENCRYPTION,
                    Der.encode(Der.NULL)), der));
            case Der.SEQUENCE -> generate(pkcs8Kind(fields.get(1)), der);
            case Der.OCTET_STRING -> generate(KeyKind.ECDSA, pkcs8(Der.encode(Der.SEQUENCE, EC_PUBLIC_KEY,
                    namedCurve(fields)), der));
            default -> throw new PemException("private key does not parse: neither PKCS #1, PKCS #8 nor SEC 1");
        };
    }

    private static KeyKind pkcs8Kind(Der.Element algorithm) throws PemException {
        List<Der.Element> identifier = Der.sequence(algorithm.encoded());
        byte[] oid = identifier.isEmpty() ? new byte[0] : identifier.get(0).encoded();
        if (Arrays.equals(oid, RSA_ENCRYPTION)) {
            return KeyKind.RSA;
        }
        if (Arrays.equals(oid, EC_PUBLIC_KEY)) {
            return KeyKind.ECDSA;
        }
        if (Arrays.equals(oid, ED25519)) {
            return KeyKind.ED25519;
        }
        throw new PemException("private key of an algorithm TLS certificates do not use (expected RSA, ECDSA or "
                + "Ed25519)");
    }

    /** SEC 1's {@code [0]} parameters: the curve's OID, which Go requires too. */
    private static byte[] namedCurve(List<Der.Element> fields) throws PemException {
        for (Der.Element field : fields) {
            if (field.tag() == Der.CONTEXT_0) {
                byte[] curve = field.content();
                if (curve.length > 0 && curve[0] == Der.OBJECT_IDENTIFIER) {
                    return curve;
                }
            }
        }
        throw new PemException("EC private key does not name its curve (expected SEC 1 with named-curve parameters)");
    }

    private static byte[] pkcs8(byte[] algorithm, byte[] key) {
        return Der.encode(Der.SEQUENCE, VERSION_0, algorithm, Der.encode(Der.OCTET_STRING, key));
    }

    private static PrivateKey generate(KeyKind kind, byte[] pkcs8) throws PemException {
        try {
            return KeyFactory.getInstance(kind.keyFactory()).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new PemException("private key does not parse as " + kind + ": " + e.getMessage());
        }
    }
}
