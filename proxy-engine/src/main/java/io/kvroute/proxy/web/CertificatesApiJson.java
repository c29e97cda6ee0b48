package io.kvroute.proxy.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.net.InetAddresses;
import io.kvroute.proxy.tls.GeneratedDefaultCertificate;
import io.kvroute.proxy.tls.ServedCertificate;
import io.kvroute.proxy.tls.ServedTls;
import java.io.IOException;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.naming.InvalidNameException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Traefik's {@code /api/certificates}: every certificate of the default store (the store's, the certificate
 * resolvers', and its {@code defaultCertificate} unless that is Traefik's generated one), by the SHA-256 fingerprint
 * of its DER encoding, in Traefik's shape ({@code name}, {@code sans}, {@code notAfter}, {@code notBefore},
 * {@code serialNumber}, {@code commonName}, issuer and subject organization and country, {@code version},
 * {@code keyType}/{@code keySize}, Go's name of the {@code signatureAlgorithm}, the certificate and public key
 * fingerprints) and its {@code status}: {@code expired} past its not-after, {@code warning} under 30 days before it,
 * else {@code enabled}. Never key material.
 */
final class CertificatesApiJson {
    static final String ENABLED = "enabled";
    static final String WARNING = "warning";
    static final String EXPIRED = "expired";
    private static final Duration WARNING_BEFORE = Duration.ofDays(30);

    /** Go's {@code x509.SignatureAlgorithm.String()} by signature algorithm OID (PSS is named by its hash below). */
    private static final Map<String, String> GO_SIGNATURE_NAMES = Map.ofEntries(
            Map.entry("1.2.840.113549.1.1.2", "MD2-RSA"), Map.entry("1.2.840.113549.1.1.4", "MD5-RSA"),
            Map.entry("1.2.840.113549.1.1.5", "SHA1-RSA"), Map.entry("1.2.840.113549.1.1.11", "SHA256-RSA"),
            Map.entry("1.2.840.113549.1.1.12", "SHA384-RSA"), Map.entry("1.2.840.113549.1.1.13", "SHA512-RSA"),
            Map.entry("1.2.840.10040.4.3", "DSA-SHA1"), Map.entry("2.16.840.1.101.3.4.3.2", "DSA-SHA256"),
            Map.entry("1.2.840.10045.4.1", "ECDSA-SHA1"), Map.entry("1.2.840.10045.4.3.2", "ECDSA-SHA256"),
            Map.entry("1.2.840.10045.4.3.3", "ECDSA-SHA384"), Map.entry("1.2.840.10045.4.3.4", "ECDSA-SHA512"),
            Map.entry("1.3.101.112", "Ed25519"));
    private static final String RSASSA_PSS = "1.2.840.113549.1.1.10";

    private CertificatesApiJson() {
    }

    /** Every certificate Traefik lists, by its {@code name} (the fingerprint), as of {@code now}. */
    static Map<String, ObjectNode> all(ServedTls tls, Instant now) {
        Map<String, ObjectNode> byName = new LinkedHashMap<>();
        for (ServedCertificate certificate : tls.served()) {
            if (certificate.source().equals(ServedCertificate.GENERATED)
                    || certificate.source().equals(ServedCertificate.DEFAULT) && subject(certificate.leaf(), "CN")
                            .stream().anyMatch(GeneratedDefaultCertificate.COMMON_NAME::equals)) {
                continue;
            }
            ObjectNode json = of(certificate.leaf(), now);
            byName.putIfAbsent(json.get("name").asText(), json);
        }
        return byName;
    }

    /** {@code /api/overview}'s {@code certificates}: how many, how many in warning, how many expired. */
    static ObjectNode counts(ServedTls tls, Instant now) {
        Map<String, ObjectNode> all = all(tls, now);
        return Responses.JSON.createObjectNode().put("total", all.size())
                .put("warnings", all.values().stream().filter(c -> c.get("status").asText().equals(WARNING)).count())
                .put("errors", all.values().stream().filter(c -> c.get("status").asText().equals(EXPIRED)).count());
    }

    /** What Traefik searches in: the common name, the issuer's organization and common name, the SANs. */
    static List<String> searchable(ObjectNode certificate) {
        List<String> fields = new ArrayList<>(List.of(certificate.path("commonName").asText(),
                certificate.path("issuerOrg").asText(), certificate.path("issuerCN").asText()));
        certificate.path("sans").forEach(san -> fields.add(san.asText()));
        return fields;
    }

    /** Traefik's {@code issuer} sort key: the issuer's organization, else its common name. */
    static String issuer(ObjectNode certificate) {
        String organization = certificate.path("issuerOrg").asText();
        return organization.isEmpty() ? certificate.path("issuerCN").asText() : organization;
    }

    static ObjectNode of(X509Certificate leaf, Instant now) {
        String fingerprint = sha256(encoded(leaf));
        ObjectNode json = Responses.JSON.createObjectNode().put("name", fingerprint);
        ArrayNode sans = json.putArray("sans");
        sans(leaf).forEach(sans::add);
        Instant notAfter = leaf.getNotAfter().toInstant();
        json.put("notAfter", notAfter.toString()).put("notBefore", leaf.getNotBefore().toInstant().toString())
                .put("serialNumber", leaf.getSerialNumber().toString())
                .put("commonName", last(subject(leaf, "CN")));
        putFirst(json, "issuerOrg", issuer(leaf, "O"));
        putFirst(json, "issuerCN", List.of(last(issuer(leaf, "CN"))));
        putFirst(json, "issuerCountry", issuer(leaf, "C"));
        putFirst(json, "organization", subject(leaf, "O"));
        putFirst(json, "country", subject(leaf, "C"));
        json.put("version", "v" + leaf.getVersion());
        PublicKey key = leaf.getPublicKey();
        if (key instanceof RSAPublicKey rsa) {
            json.put("keyType", "RSA").put("keySize", rsa.getModulus().bitLength());
        } else if (key instanceof ECPublicKey ec) {
            json.put("keyType", "ECDSA").put("keySize", ec.getParams().getCurve().getField().getFieldSize());
        } else {
            json.put("keyType", "Unknown");
        }
        json.put("signatureAlgorithm", signatureAlgorithm(leaf)).put("certFingerprint", fingerprint)
                .put("publicKeyFingerprint", sha256(key.getEncoded()))
                .put("status", now.isAfter(notAfter) ? EXPIRED
                        : now.plus(WARNING_BEFORE).isAfter(notAfter) ? WARNING : ENABLED);
        return json;
    }

    /**
     * The DNS names and the IP addresses, the latter as Go writes them ({@code ::1}, {@code 1.2.3.4} for an
     * IPv4-mapped address), sorted together as Go sorts strings.
     */
    private static List<String> sans(X509Certificate leaf) {
        List<String> sans = new ArrayList<>();
        try {
            if (leaf.getSubjectAlternativeNames() != null) {
                for (List<?> name : leaf.getSubjectAlternativeNames()) {
                    if (Integer.valueOf(2).equals(name.get(0))) {
                        sans.add(name.get(1).toString());
                    } else if (Integer.valueOf(7).equals(name.get(0))) {
                        sans.add(InetAddresses.toAddrString(InetAddresses.forString(name.get(1).toString())));
                    }
                }
            }
        } catch (CertificateParsingException unreadable) {
            return List.of();
        }
        sans.sort(null);
        return sans;
    }

    private static String signatureAlgorithm(X509Certificate leaf) {
        if (leaf.getSigAlgOID().equals(RSASSA_PSS)) {
            try {
                AlgorithmParameters parameters = AlgorithmParameters.getInstance("RSASSA-PSS");
                parameters.init(leaf.getSigAlgParams());
                String digest = parameters.getParameterSpec(PSSParameterSpec.class).getDigestAlgorithm();
                return digest.replace("-", "") + "-RSAPSS";
            } catch (GeneralSecurityException | IOException unreadable) {
                return "0";
            }
        }
        return GO_SIGNATURE_NAMES.getOrDefault(leaf.getSigAlgOID(), "0");
    }

    private static void putFirst(ObjectNode json, String field, List<String> values) {
        if (!values.isEmpty() && !values.get(0).isEmpty()) {
            json.put(field, values.get(0));
        }
    }

    private static String last(List<String> values) {
        return values.isEmpty() ? "" : values.get(values.size() - 1);
    }

    private static List<String> subject(X509Certificate leaf, String type) {
        return attributes(leaf.getSubjectX500Principal().getName(), type);
    }

    private static List<String> issuer(X509Certificate leaf, String type) {
        return attributes(leaf.getIssuerX500Principal().getName(), type);
    }

    /** The values of attribute {@code type} of a distinguished name, in the order of its DER encoding. */
    private static List<String> attributes(String distinguishedName, String type) {
        List<String> values = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(distinguishedName).getRdns()) {
                NamingEnumeration<? extends Attribute> attributes = rdn.toAttributes().getAll();
                while (attributes.hasMore()) {
                    Attribute attribute = attributes.next();
                    if (attribute.getID().equalsIgnoreCase(type)) {
                        values.add(String.valueOf(attribute.get()));
                    }
                }
            }
        } catch (InvalidNameException unreadable) {
            return List.of();
        } catch (NamingException unreadable) {
            return values;
        }
        return values;
    }

    private static byte[] encoded(X509Certificate leaf) {
        try {
            return leaf.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a parsed certificate has an encoding", e);
        }
    }

    private static String sha256(byte[] encoded) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(encoded));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
