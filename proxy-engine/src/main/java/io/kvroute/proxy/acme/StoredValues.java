package io.kvroute.proxy.acme;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.pem.PemException;
import io.kvroute.kv.pem.PemKeyPairs;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The JSON values of kvroute's ACME keys: an account ({@code {"location", "publicKey", "key"}}), a certificate
 * ({@code {"domains", "chain", "key"}}) and an order failure ({@code {"failures", "lastError", "nextAttempt"}});
 * chains as PEM, public keys as base64 SubjectPublicKeyInfo, private keys as PEM PKCS #8 sealed by
 * {@link StorageCipher} for the key they are written under. Reading a value that does not decode throws
 * {@link IllegalArgumentException} naming the key.
 */
final class StoredValues {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder PEM_BASE64 = Base64.getMimeEncoder(64, new byte[] {'\n'});

    private StoredValues() {
    }

    /** An account as stored: where it lives at the CA and its key pair. */
    record StoredAccount(URL location, KeyPair keyPair) {
    }

    static String account(String storeKey, URL location, KeyPair keyPair, StorageCipher cipher) {
        ObjectNode node = JSON.createObjectNode();
        node.put("location", location.toString());
        node.put("publicKey", Base64.getEncoder().encodeToString(keyPair.getPublic().getEncoded()));
        node.put("key", cipher.seal(storeKey, pem("PRIVATE KEY", keyPair.getPrivate().getEncoded()).getBytes(UTF_8)));
        return node.toString();
    }

    static StoredAccount account(String storeKey, String value, StorageCipher cipher) {
        JsonNode node = tree(storeKey, value);
        PrivateKey privateKey = privateKey(storeKey, cipher.open(storeKey, text(storeKey, node, "key")));
        try {
            PublicKey publicKey = KeyFactory.getInstance(privateKey.getAlgorithm()).generatePublic(
                    new X509EncodedKeySpec(Base64.getDecoder().decode(text(storeKey, node, "publicKey"))));
            return new StoredAccount(URI.create(text(storeKey, node, "location")).toURL(),
                    new KeyPair(publicKey, privateKey));
        } catch (GeneralSecurityException | IllegalArgumentException | MalformedURLException e) {
            throw new IllegalArgumentException(storeKey + ": the account does not decode (" + e.getMessage() + ")", e);
        }
    }

    static String certificate(String storeKey, AcmeCertificate certificate, StorageCipher cipher) {
        ObjectNode node = JSON.createObjectNode();
        certificate.domains().names().forEach(node.putArray("domains")::add);
        StringBuilder chain = new StringBuilder();
        for (X509Certificate link : certificate.chain()) {
            try {
                chain.append(pem("CERTIFICATE", link.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException("a certificate of the chain does not encode: " + e.getMessage(), e);
            }
        }
        node.put("chain", chain.toString());
        node.put("key", cipher.seal(storeKey,
                pem("PRIVATE KEY", certificate.privateKey().getEncoded()).getBytes(UTF_8)));
        return node.toString();
    }

    static AcmeCertificate certificate(String storeKey, String resolver, String value, StorageCipher cipher) {
        JsonNode node = tree(storeKey, value);
        List<String> names = new ArrayList<>();
        node.path("domains").forEach(name -> names.add(name.asText()));
        try {
            List<X509Certificate> chain = PemKeyPairs.chain(text(storeKey, node, "chain").getBytes(UTF_8));
            PrivateKey key = privateKey(storeKey, cipher.open(storeKey, text(storeKey, node, "key")));
            PemKeyPairs.pair(chain, key);
            return new AcmeCertificate(resolver, new CertificateDomains(names), chain, key);
        } catch (PemException e) {
            throw new IllegalArgumentException(storeKey + ": the certificate does not decode (" + e.getMessage() + ")",
                    e);
        }
    }

    static String failure(OrderFailure failure) {
        ObjectNode node = JSON.createObjectNode();
        node.put("failures", failure.failures());
        node.put("lastError", failure.lastError());
        node.put("nextAttempt", failure.nextAttempt().toString());
        return node.toString();
    }

    static OrderFailure failure(String storeKey, String value) {
        JsonNode node = tree(storeKey, value);
        try {
            return new OrderFailure(node.path("failures").asInt(1), text(storeKey, node, "lastError"),
                    Instant.parse(text(storeKey, node, "nextAttempt")));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(storeKey + ": nextAttempt is not an instant (" + e.getMessage() + ")",
                    e);
        }
    }

    private static PrivateKey privateKey(String storeKey, byte[] pem) {
        try {
            return PemKeyPairs.privateKey(pem);
        } catch (PemException e) {
            throw new IllegalArgumentException(storeKey + ": the private key does not decode (" + e.getMessage() + ")",
                    e);
        }
    }

    private static JsonNode tree(String storeKey, String value) {
        try {
            JsonNode node = JSON.readTree(value);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException(storeKey + ": expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(storeKey + ": not JSON (" + e.getOriginalMessage() + ")", e);
        }
    }

    private static String text(String storeKey, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(storeKey + ": no \"" + field + "\" text");
        }
        return value.asText();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + PEM_BASE64.encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
