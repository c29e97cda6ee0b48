package io.kvroute.proxy.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvroute.kv.config.ConfigDecoder;
import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.kv.config.LayoutChoice;
import io.kvroute.kv.pem.PemKeyPair;
import io.kvroute.kv.pem.PemKeyPairs;
import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.testing.TlsFixtures;
import io.kvroute.proxy.http.EntryPointOptions;
import io.kvroute.proxy.http.EntryPointRedirect;
import io.kvroute.proxy.http.ForwardedHeadersTrust;
import io.kvroute.proxy.http.UnderscoreHeaders;
import io.kvroute.proxy.path.RequestPathPolicy;
import io.kvroute.proxy.routing.RouterTls;
import io.kvroute.proxy.runtime.ProxySettings;
import io.kvroute.proxy.tls.ManagedCertificates;
import io.kvroute.proxy.tls.ServedCertificate;
import io.kvroute.proxy.tls.ServedTls;
import io.kvroute.proxy.tls.TlsServing;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The TLS parts of the API from real decoded keys and a real {@link TlsServing}: {@code /api/entrypoints} in
 * Traefik's shape ({@code http.tls} and {@code http.redirections.entryPoint}), {@code /api/tls/certificates} with
 * names, issuer, not-after, source and expiry, ACME certificates with their renewal state, last error and next
 * attempt, resolver certificates not issued yet with only those, no TLS-ALPN-01 challenge certificate, and never
 * any key material.
 */
class TlsApiJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void entryPointsShowTheirTlsAndRedirectionsAsTraefikDoes() throws Exception {
        EntryPointOptions web = options(Optional.empty(),
                Optional.of(new EntryPointRedirect("websecure", "https", true)));
        EntryPointOptions secure = options(Optional.of(RouterTls.of("modern", "le")), Optional.empty());
        EntryPointOptions bare = options(Optional.of(RouterTls.of("", "")), Optional.empty());
        ProxySettings defaults = ProxySettings.of("traefik", Map.of("web", new InetSocketAddress("127.0.0.1", 80)));
        ProxySettings settings = new ProxySettings(Map.of("web", new InetSocketAddress("127.0.0.1", 80),
                "websecure", new InetSocketAddress("0.0.0.0", 443), "bare", new InetSocketAddress("127.0.0.1", 8443),
                "admin", new InetSocketAddress("127.0.0.1", 8081)), "traefik", defaults.requestTimeout(),
                defaults.connectRetries(), defaults.maxHeaderBytes(), defaults.maxBodyBytes(),
                defaults.shutdownGrace(), Map.of("web", web, "websecure", secure, "bare", bare));

        JsonNode entryPoints = JSON.readTree(JSON.writeValueAsString(TlsApiJson.entryPoints(settings)));

        assertThat(entryPoints).containsExactlyInAnyOrder(
                JSON.readTree("{\"name\":\"admin\",\"address\":\"127.0.0.1:8081\"}"),
                JSON.readTree("{\"name\":\"bare\",\"address\":\"127.0.0.1:8443\",\"http\":{\"tls\":{}}}"),
                JSON.readTree("{\"name\":\"web\",\"address\":\"127.0.0.1:80\",\"http\":{\"redirections\":"
                        + "{\"entryPoint\":{\"to\":\"websecure\",\"scheme\":\"https\",\"permanent\":true}}}}"),
                JSON.readTree("{\"name\":\"websecure\",\"address\":\"0.0.0.0:443\",\"http\":{\"tls\":"
                        + "{\"options\":\"modern\",\"certResolver\":\"le\"}}}"));
    }

    @Test
    void certificatesShowNamesIssuerNotAfterSourceAndExpiryButNoKeyMaterial() throws Exception {
        X509Certificate sec1 = parse(TlsFixtures.resource("sec1.crt"));
        ServedTls served = serve(List.of(
                KvPair.of("traefik/tls/certificates/shop/certFile", TlsFixtures.resource("sec1.crt")),
                KvPair.of("traefik/tls/certificates/shop/keyFile", TlsFixtures.resource("sec1.key")),
                KvPair.of("traefik/tls/stores/default/defaultCertificate/certFile", TlsFixtures.resource("pkcs1.crt")),
                KvPair.of("traefik/tls/stores/default/defaultCertificate/keyFile", TlsFixtures.resource("pkcs1.key"))));
        Instant now = Instant.now();

        String text = JSON.writeValueAsString(TlsApiJson.certificates(served, now));
        JsonNode certificates = JSON.readTree(text);

        assertThat(certificates).hasSize(3);
        JsonNode shop = certificates.get(0);
        assertThat(shop.get("id").asText()).isEqualTo("shop");
        assertThat(shop.get("source").asText()).isEqualTo("store");
        assertThat(shop.get("domains")).extracting(JsonNode::asText).containsExactly("sec1.test");
        assertThat(shop.get("subject").asText()).isEqualTo("CN=sec1.test");
        assertThat(shop.get("issuer").asText()).contains("sec1.test");
        assertThat(Instant.parse(shop.get("notAfter").asText())).isEqualTo(sec1.getNotAfter().toInstant());
        assertThat(shop.get("expired").asBoolean()).isFalse();
        assertThat(certificates.get(1).get("source").asText()).isEqualTo("default");
        assertThat(certificates.get(1).get("domains")).extracting(JsonNode::asText).containsExactly("pkcs1.test");
        assertThat(certificates.get(2).get("source").asText()).isEqualTo("generated");
        List<String> fields = new ArrayList<>();
        certificates.forEach(certificate -> certificate.fieldNames().forEachRemaining(fields::add));
        assertThat(fields).containsOnly("id", "source", "domains", "subject", "issuer", "notAfter", "expired");
        assertThat(text).doesNotContain("PRIVATE", "BEGIN", keyBody("sec1.key"), keyBody("pkcs1.key"));

        JsonNode later = JSON.readTree(JSON.writeValueAsString(TlsApiJson.certificates(served,
                sec1.getNotAfter().toInstant().plus(Duration.ofSeconds(1)))));
        assertThat(later.get(0).get("expired").asBoolean()).isTrue();
    }

    @Test
    void acmeCertificatesShowTheirRenewalStateAndResolverCertificatesNotIssuedYetAreListed() throws Exception {
        TlsServing serving = new TlsServing(Clock.systemUTC());
        Instant next = Instant.parse("2030-01-02T03:04:05.123456789Z");
        ServedCertificate issued = ServedCertificate.of("le/pkcs1.test", ServedCertificate.ACME, pair("pkcs1"));
        ServedCertificate challenge = ServedCertificate.of("tls-alpn-01/sec1.test", ServedCertificate.ACME,
                pair("sec1"));
        ServedTls served = serving.publishManaged(new ManagedCertificates(List.of(issued), List.of(
                new ManagedCertificates.State("le/pkcs1.test", List.of("pkcs1.test"), "RENEWAL_DUE",
                        Optional.of("the CA refused: rate limited"), Optional.of(next)),
                new ManagedCertificates.State("le/new.test,www.new.test", List.of("new.test", "www.new.test"),
                        "PENDING", Optional.empty(), Optional.empty()),
                new ManagedCertificates.State("le/shop.test", List.of("shop.test"), "BACKING_OFF",
                        Optional.of("the CA https://ca.test/dir is unreachable"), Optional.of(next))),
                Map.of("sec1.test", challenge)));

        String text = JSON.writeValueAsString(TlsApiJson.certificates(served, Instant.now()));
        JsonNode certificates = JSON.readTree(text);

        assertThat(certificates).extracting(c -> c.get("id").asText()).containsExactly("le/pkcs1.test",
                "traefik-default", "le/new.test,www.new.test", "le/shop.test");
        JsonNode acme = certificates.get(0);
        assertThat(acme.get("source").asText()).isEqualTo("acme");
        assertThat(acme.get("domains")).extracting(JsonNode::asText).containsExactly("pkcs1.test");
        assertThat(acme.get("renewal").asText()).isEqualTo("RENEWAL_DUE");
        assertThat(acme.get("lastError").asText()).isEqualTo("the CA refused: rate limited");
        assertThat(acme.get("nextAttempt").asText()).as("RFC 3339 to the second, as Traefik's times")
                .isEqualTo("2030-01-02T03:04:05Z");
        assertThat(acme.get("expired").asBoolean()).isFalse();
        assertThat(certificates.get(1).has("renewal")).as("a generated certificate has no renewal state").isFalse();
        JsonNode pending = certificates.get(2);
        assertThat(fieldNames(pending)).containsExactly("id", "source", "domains", "renewal");
        assertThat(pending.get("domains")).extracting(JsonNode::asText).containsExactly("new.test", "www.new.test");
        assertThat(pending.get("renewal").asText()).isEqualTo("PENDING");
        JsonNode backingOff = certificates.get(3);
        assertThat(fieldNames(backingOff)).containsExactly("id", "source", "domains", "renewal", "lastError",
                "nextAttempt");
        assertThat(backingOff.get("source").asText()).isEqualTo("acme");
        assertThat(backingOff.get("renewal").asText()).isEqualTo("BACKING_OFF");
        assertThat(backingOff.get("lastError").asText()).isEqualTo("the CA https://ca.test/dir is unreachable");
        assertThat(text).as("no challenge certificate, no key material").doesNotContain("tls-alpn-01", "sec1.test",
                "PRIVATE", keyBody("pkcs1.key"));
    }

    private static PemKeyPair pair(String name) throws Exception {
        byte[] certificate = TlsFixtures.resource(name + ".crt").getBytes(StandardCharsets.US_ASCII);
        byte[] key = TlsFixtures.resource(name + ".key").getBytes(StandardCharsets.US_ASCII);
        return PemKeyPairs.pair(PemKeyPairs.chain(certificate), PemKeyPairs.privateKey(key));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** What a {@link TlsServing} serves once it published the decode of {@code pairs}. */
    private static ServedTls serve(List<KvPair> pairs) {
        DecodedConfig decoded = ConfigDecoder.decode(pairs, "traefik", LayoutChoice.AUTO);
        assertThat(decoded.problems()).isEmpty();
        TlsServing serving = new TlsServing(Clock.systemUTC());
        return serving.publish(decoded.tls(), decoded.problems(),
                serving.compileOptions(decoded.tls(), decoded.problems()), Map.of());
    }

    /** A line of the base64 body of key file {@code name}, which must never appear in any answer. */
    private static String keyBody(String name) {
        return TlsFixtures.resource(name).lines().filter(line -> !line.startsWith("-----")).findFirst().orElseThrow();
    }

    private static X509Certificate parse(String pem) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    private static EntryPointOptions options(Optional<RouterTls> tls, Optional<EntryPointRedirect> redirect) {
        return new EntryPointOptions(RequestPathPolicy.DEFAULT, UnderscoreHeaders.DELETE, ForwardedHeadersTrust.NONE,
                tls, redirect);
    }
}
