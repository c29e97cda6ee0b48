package io.kvroute.proxy.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.pem.PemKeyPair;
import io.kvroute.kv.pem.PemKeyPairs;
import io.kvroute.kv.testing.KeytoolCertificates;
import io.kvroute.kv.testing.TlsFixtures;
import io.kvroute.proxy.tls.ManagedCertificates;
import io.kvroute.proxy.tls.ServedCertificate;
import io.kvroute.proxy.tls.ServedTls;
import io.kvroute.proxy.tls.TlsServing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traefik's {@code /api/certificates} objects from real certificates: every field of Traefik's representation
 * (Go's names for the key type and signature algorithm, fingerprints of the DER encoding and of the public key),
 * the status by Traefik's 30-day threshold, the certificate resolvers' certificates listed and the generated
 * default certificate not, and no key material.
 */
class CertificatesApiJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void showsEveryFieldOfTraefiksRepresentation() throws Exception {
        X509Certificate pkcs1 = pair("pkcs1").leaf();
        Instant now = Instant.now();

        ObjectNode json = CertificatesApiJson.of(pkcs1, now);

        String fingerprint = sha256(pkcs1.getEncoded());
        assertThat(fieldNames(json)).containsExactly("name", "sans", "notAfter", "notBefore", "serialNumber",
                "commonName", "issuerCN", "version", "keyType", "keySize", "signatureAlgorithm", "certFingerprint",
                "publicKeyFingerprint", "status");
        assertThat(json.get("name").asText()).isEqualTo(fingerprint).hasSize(64);
        assertThat(json.get("certFingerprint").asText()).isEqualTo(fingerprint);
        assertThat(json.get("publicKeyFingerprint").asText()).isEqualTo(sha256(pkcs1.getPublicKey().getEncoded()));
        assertThat(json.get("sans").toString()).isEqualTo("[\"pkcs1.test\"]");
        assertThat(json.get("notAfter").asText()).isEqualTo(pkcs1.getNotAfter().toInstant().toString());
        assertThat(json.get("notBefore").asText()).isEqualTo(pkcs1.getNotBefore().toInstant().toString());
        assertThat(json.get("serialNumber").asText()).isEqualTo(pkcs1.getSerialNumber().toString(10));
        assertThat(json.get("commonName").asText()).isEqualTo("pkcs1.test");
        assertThat(json.get("issuerCN").asText()).isEqualTo("pkcs1.test");
        assertThat(json.get("version").asText()).isEqualTo("v3");
        assertThat(json.get("keyType").asText()).isEqualTo("RSA");
        assertThat(json.get("keySize").asInt()).isEqualTo(2048);
        assertThat(json.get("signatureAlgorithm").asText()).isEqualTo("SHA256-RSA");
        assertThat(json.get("status").asText()).isEqualTo("enabled");

        ObjectNode sec1 = CertificatesApiJson.of(pair("sec1").leaf(), now);
        assertThat(sec1.get("keyType").asText()).isEqualTo("ECDSA");
        assertThat(sec1.get("keySize").asInt()).isEqualTo(256);
        assertThat(sec1.get("signatureAlgorithm").asText()).isEqualTo("ECDSA-SHA256");
        ObjectNode ed = CertificatesApiJson.of(TlsFixtures.ed().certificate(), now);
        assertThat(ed.get("keyType").asText()).as("Traefik knows RSA and ECDSA keys only").isEqualTo("Unknown");
        assertThat(ed.has("keySize")).isFalse();
        assertThat(ed.get("signatureAlgorithm").asText()).isEqualTo("Ed25519");
    }

    /** Go's {@code net.IP.String}: IPv6 in its short form, an IPv4-mapped address as IPv4. */
    @Test
    void ipAddressesAreWrittenAsGoWritesThem(@TempDir Path dir) {
        X509Certificate ips = KeytoolCertificates.make(dir, List.of(KeytoolCertificates.Request.valid("ips", "EC",
                "ips.test", "ip:0:0:0:0:0:0:0:1", "ip:2001:db8:0:0:0:0:0:1", "ip:10.0.0.1", "ip:::ffff:10.0.0.2")))
                .get("ips").certificate();

        assertThat(CertificatesApiJson.of(ips, Instant.now()).get("sans").toString())
                .isEqualTo("[\"10.0.0.1\",\"10.0.0.2\",\"2001:db8::1\",\"::1\",\"ips.test\"]");
    }

    @Test
    void statusIsWarningUnder30DaysBeforeNotAfterAndExpiredPastIt() throws Exception {
        X509Certificate pkcs1 = pair("pkcs1").leaf();
        Instant notAfter = pkcs1.getNotAfter().toInstant();

        assertThat(CertificatesApiJson.of(pkcs1, notAfter.minus(Duration.ofDays(30)).minusSeconds(1))
                .get("status").asText()).isEqualTo("enabled");
        assertThat(CertificatesApiJson.of(pkcs1, notAfter.minus(Duration.ofDays(29))).get("status").asText())
                .isEqualTo("warning");
        assertThat(CertificatesApiJson.of(pkcs1, notAfter.plusSeconds(1)).get("status").asText())
                .isEqualTo("expired");
    }

    @Test
    void listsTheResolversCertificatesButNotTheGeneratedDefaultNorChallengesNorKeys() throws Exception {
        TlsServing serving = new TlsServing(Clock.systemUTC());
        ServedCertificate issued = ServedCertificate.of("le/pkcs1.test", ServedCertificate.ACME, pair("pkcs1"));
        ServedCertificate challenge = ServedCertificate.of("tls-alpn-01/sec1.test", ServedCertificate.ACME,
                pair("sec1"));
        ServedTls served = serving.publishManaged(new ManagedCertificates(List.of(issued), List.of(
                new ManagedCertificates.State("le/pkcs1.test", List.of("pkcs1.test"), "VALID", Optional.empty(),
                        Optional.empty())), Map.of("sec1.test", challenge)));

        Map<String, ObjectNode> all = CertificatesApiJson.all(served, Instant.now());

        assertThat(all).containsOnlyKeys(sha256(issued.leaf().getEncoded()));
        String text = JSON.writeValueAsString(all);
        assertThat(text).doesNotContain("TRAEFIK DEFAULT CERT", "sec1.test", "PRIVATE",
                TlsFixtures.resource("pkcs1.key").lines().skip(1).findFirst().orElseThrow());
        JsonNode counts = CertificatesApiJson.counts(served, Instant.now());
        assertThat(counts.toString()).isEqualTo("{\"total\":1,\"warnings\":0,\"errors\":0}");
    }

    private static PemKeyPair pair(String name) throws Exception {
        byte[] certificate = TlsFixtures.resource(name + ".crt").getBytes(StandardCharsets.US_ASCII);
        byte[] key = TlsFixtures.resource(name + ".key").getBytes(StandardCharsets.US_ASCII);
        return PemKeyPairs.pair(PemKeyPairs.chain(certificate), PemKeyPairs.privateKey(key));
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
