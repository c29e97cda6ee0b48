package io.kvroute.kv.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.TlsCertificate;
import io.kvroute.kv.model.TlsConfig;
import io.kvroute.kv.model.TlsOptions;
import io.kvroute.kv.model.TlsStore;
import io.kvroute.kv.pem.PemKeyPair;
import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.testing.TestCertificate;
import io.kvroute.kv.testing.TlsFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code tls} section from store keys to the loaded, checked model: certificates, options and stores. */
class TlsDecodeTest {
    private static final String CERTS = "traefik/tls/certificates/";
    private static final String OPTIONS = "traefik/tls/options/";
    private static final String STORES = "traefik/tls/stores/";

    @TempDir
    Path dir;

    @Test
    void aFullSectionLoadsEveryCertificateOptionsAndStoreWithoutProblems() {
        TestCertificate a = TlsFixtures.a();
        TestCertificate b = TlsFixtures.b();
        Path bCert = b.writeTo(dir, "b");
        Map<String, String> keys = new TreeMap<>(Map.of(
                CERTS + "web/certFile", a.certPem(),
                CERTS + "web/keyFile", a.keyPem(),
                CERTS + "web/stores/0", "internal",
                CERTS + "api/certFile", bCert.toString(),
                CERTS + "api/keyFile", TestCertificate.keyPath(dir, "b").toString(),
                CERTS + "ed/certFile", TlsFixtures.ed().certPem(),
                CERTS + "ed/keyFile", TlsFixtures.ed().keyPem(),
                STORES + "default/defaultCertificate/certFile", TlsFixtures.resource("pkcs1.crt"),
                STORES + "default/defaultCertificate/keyFile", TlsFixtures.resource("pkcs1.key")));
        keys.putAll(Map.of(
                OPTIONS + "mtls/minVersion", "VersionTLS12",
                OPTIONS + "mtls/maxVersion", "VersionTLS13",
                OPTIONS + "mtls/cipherSuites/0", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                OPTIONS + "mtls/cipherSuites/1", "TLS_AES_128_GCM_SHA256",
                OPTIONS + "mtls/curvePreferences/0", "X25519",
                OPTIONS + "mtls/curvePreferences/1", "secp256r1",
                OPTIONS + "mtls/clientAuth/caFiles/0", bCert.toString(),
                OPTIONS + "mtls/clientAuth/caFiles/1", TlsFixtures.resource("sec1.crt"),
                OPTIONS + "mtls/clientAuth/clientAuthType", "RequireAndVerifyClientCert",
                OPTIONS + "mtls/sniStrict", "true"));
        keys.put(OPTIONS + "mtls/disableSessionTickets", "true");

        DecodedConfig decoded = decode(keys);

        assertThat(decoded.problems()).extracting(Problem::toLine).isEmpty();
        TlsConfig tls = decoded.tls();
        assertThat(tls.certificates()).extracting(TlsCertificate::id).containsExactly("api", "ed", "web");
        assertThat(tls.certificates()).extracting(c -> c.files().keyPair().map(PemKeyPair::leaf).orElseThrow())
                .containsExactly(b.certificate(), TlsFixtures.ed().certificate(), a.certificate());
        assertThat(tls.certificates().get(2).stores()).containsExactly("internal");
        assertThat(tls.certificates().get(0).files().certFile().isPath()).isTrue();
        TlsOptions mtls = tls.options().get("mtls");
        assertThat(mtls.minVersion()).isEqualTo("VersionTLS12");
        assertThat(mtls.maxVersion()).isEqualTo("VersionTLS13");
        assertThat(mtls.cipherSuites()).containsExactly("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                "TLS_AES_128_GCM_SHA256");
        assertThat(mtls.curvePreferences()).containsExactly("X25519", "secp256r1");
        assertThat(mtls.clientAuth().clientAuthType()).isEqualTo("RequireAndVerifyClientCert");
        assertThat(mtls.clientAuth().caCertificates()).hasSize(2).startsWith(b.certificate());
        assertThat(mtls.sniStrict()).isTrue();
        assertThat(mtls.disableSessionTickets()).isTrue();
        assertThat(mtls.alpnProtocols()).containsExactly("h2", "http/1.1", "acme-tls/1");
        TlsStore store = tls.stores().get("default");
        assertThat(store.defaultCertificate().flatMap(f -> f.keyPair()).map(p -> p.leaf().getSubjectX500Principal()
                .getName())).contains("CN=pkcs1.test");
        assertThat(decoded.traefikJson().at("/tls/certificates/2/stores/0").asText()).isEqualTo("internal");
        assertThat(decoded.traefikJson().at("/tls/options/mtls/clientAuth/clientAuthType").asText())
                .isEqualTo("RequireAndVerifyClientCert");
        assertThat(decoded.traefikJson().at("/tls/stores/default/defaultCertificate/certFile").asText())
                .startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void oneBadCertificateBreaksOnlyItself() {
        TestCertificate a = TlsFixtures.a();
        TestCertificate b = TlsFixtures.b();
        Map<String, String> keys = new TreeMap<>(Map.of(
                CERTS + "1-good/certFile", a.certPem(),
                CERTS + "1-good/keyFile", a.keyPem(),
                CERTS + "2-unparsable/certFile", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                CERTS + "2-unparsable/keyFile", a.keyPem(),
                CERTS + "3-mismatch/certFile", a.certPem(),
                CERTS + "3-mismatch/keyFile", TlsFixtures.notYetValid().keyPem(),
                CERTS + "4-typo/certFile", b.certPem(),
                CERTS + "4-typo/keyFlie", b.keyPem(),
                CERTS + "5-good/certFile", b.certPem(),
                CERTS + "5-good/keyFile", b.keyPem()));
        keys.putAll(Map.of(OPTIONS + "broken/sniStrict", "yes", OPTIONS + "fine/sniStrict", "true"));

        DecodedConfig decoded = decode(keys);

        TlsConfig tls = decoded.tls();
        assertThat(tls.certificates()).extracting(TlsCertificate::id)
                .containsExactly("1-good", "2-unparsable", "3-mismatch", "5-good");
        assertThat(tls.certificates()).filteredOn(c -> c.files().keyPair().isPresent())
                .extracting(TlsCertificate::id).containsExactly("1-good", "5-good");
        assertThat(decoded.traefikJson().at("/tls/certificates")).hasSize(4);
        assertThat(errorsOf(decoded)).containsOnlyKeys(EntityRef.tlsCertificate("2-unparsable"),
                EntityRef.tlsCertificate("3-mismatch"), EntityRef.tlsCertificate("4-typo"),
                EntityRef.tlsOptions("broken"));
        assertThat(decoded.problems()).filteredOn(Problem::isError).extracting(Problem::key).containsExactlyInAnyOrder(
                CERTS + "2-unparsable/certFile", CERTS + "3-mismatch/keyFile", CERTS + "4-typo/keyFlie",
                OPTIONS + "broken/sniStrict");
        assertThat(tls.options()).containsOnlyKeys("fine");
    }

    @Test
    void eachCertificateFaultIsAnErrorOnItsKeyWithWhy() {
        TestCertificate a = TlsFixtures.a();
        TestCertificate old = TlsFixtures.expired();
        Map<String, String> keys = new TreeMap<>(Map.of(
                CERTS + "expired/certFile", old.certPem(),
                CERTS + "expired/keyFile", old.keyPem(),
                CERTS + "swapped/certFile", a.keyPem(),
                CERTS + "swapped/keyFile", a.certPem(),
                CERTS + "nokey/certFile", a.certPem(),
                CERTS + "missing/certFile", "/nonexistent/kvroute/web.crt",
                CERTS + "missing/keyFile", "/nonexistent/kvroute/web.key",
                CERTS + "directory/certFile", dir.toString(),
                CERTS + "directory/keyFile", a.keyPem()));

        DecodedConfig decoded = decode(keys);

        String shownCert = "PEM content (" + a.certPem().length() + " characters)";
        String shownKey = "PEM content (" + a.keyPem().length() + " characters)";
        assertThat(decoded.problems()).extracting(Problem::toLine).containsExactlyInAnyOrder(
                "error " + CERTS + "expired/certFile=\"PEM content (" + old.certPem().length() + " characters)\": "
                        + "certificate CN=old.test expired on " + old.certificate().getNotAfter().toInstant()
                        + " (expected a certificate valid now)",
                "error " + CERTS + "swapped/certFile=\"" + shownKey + "\": holds a private key, not a certificate "
                        + "(certFile and keyFile swapped?)",
                "error " + CERTS + "swapped/keyFile=\"" + shownCert + "\": holds a certificate, not a private key "
                        + "(certFile and keyFile swapped?)",
                "error " + CERTS + "nokey/keyFile=\"\": no keyFile (expected PEM content or the path of a readable "
                        + "file)",
                "error " + CERTS + "missing/certFile=\"/nonexistent/kvroute/web.crt\": no file "
                        + "/nonexistent/kvroute/web.crt exists and the value is not PEM content (expected PEM "
                        + "content or the path of a readable file)",
                "error " + CERTS + "missing/keyFile=\"/nonexistent/kvroute/web.key\": no file "
                        + "/nonexistent/kvroute/web.key exists and the value is not PEM content (expected PEM "
                        + "content or the path of a readable file)",
                "error " + CERTS + "directory/certFile=\"" + dir + "\": file " + dir + " is not a regular file");
        assertThat(decoded.tls().certificates()).allSatisfy(c -> assertThat(c.files().keyPair()).isEmpty());
        assertThat(decoded.problems()).allSatisfy(p -> assertThat(p.entity()).isPresent());
    }

    @Test
    void aCertificateNotValidYetIsAWarningAndServable() {
        TestCertificate soon = TlsFixtures.notYetValid();

        DecodedConfig decoded = decode(Map.of(CERTS + "0/certFile", soon.certPem(), CERTS + "0/keyFile",
                soon.keyPem()));

        assertThat(decoded.problems()).singleElement().satisfies(p -> {
            assertThat(p.isError()).isFalse();
            assertThat(p.key()).isEqualTo(CERTS + "0/certFile");
            assertThat(p.reason()).isEqualTo("certificate CN=soon.test is not valid before "
                    + soon.certificate().getNotBefore().toInstant() + ": clients refuse it until then");
        });
        assertThat(decoded.tls().certificates().get(0).files().keyPair()).isPresent();
    }

    @Test
    void validityIsJudgedAtTheTimeOfTheDecode() {
        TestCertificate a = TlsFixtures.a();
        List<KvPair> pairs = List.of(KvPair.of(CERTS + "0/certFile", a.certPem()),
                KvPair.of(CERTS + "0/keyFile", a.keyPem()));
        Instant afterExpiry = a.certificate().getNotAfter().toInstant().plus(Duration.ofMinutes(1));

        DecodedConfig now = ConfigDecoder.decode(pairs, "traefik", LayoutChoice.AUTO);
        DecodedConfig later = ConfigDecoder.decode(pairs, "traefik", LayoutChoice.AUTO, afterExpiry);

        assertThat(now.problems()).isEmpty();
        assertThat(later.problems()).extracting(Problem::reason).singleElement().asString()
                .startsWith("certificate CN=a.test expired on ");
        assertThat(later.tls().certificates().get(0).files().keyPair()).isEmpty();
    }

    @Test
    void eachOptionsFaultIsAProblemOnItsKeyWithWhy() {
        Map<String, String> keys = new TreeMap<>(Map.of(
                OPTIONS + "names/minVersion", "VersionTLS1.3",
                OPTIONS + "names/maxVersion", "TLS13",
                OPTIONS + "names/cipherSuites/0", "TLS_AES_128_GCM_SHA256",
                OPTIONS + "names/cipherSuites/1", "ECDHE-RSA-AES128-GCM-SHA256",
                OPTIONS + "names/curvePreferences/0", "P-256",
                OPTIONS + "names/clientAuth/clientAuthType", "RequireClientCert",
                OPTIONS + "order/minVersion", "VersionTLS13",
                OPTIONS + "order/maxVersion", "VersionTLS12",
                OPTIONS + "order/preferServerCipherSuites", "true",
                OPTIONS + "noca/clientAuth/clientAuthType", "VerifyClientCertIfGiven"));
        keys.put(OPTIONS + "badca/clientAuth/caFiles/0", "not a CA");

        DecodedConfig decoded = decode(keys);

        assertThat(decoded.problems()).extracting(Problem::toLine).containsExactlyInAnyOrder(
                "error " + OPTIONS + "names/minVersion=\"VersionTLS1.3\": unknown TLS version (expected one of "
                        + "VersionTLS10, VersionTLS11, VersionTLS12, VersionTLS13; Traefik would silently keep its "
                        + "default)",
                "error " + OPTIONS + "names/maxVersion=\"TLS13\": unknown TLS version (expected one of "
                        + "VersionTLS10, VersionTLS11, VersionTLS12, VersionTLS13; Traefik would silently keep its "
                        + "default)",
                "error " + OPTIONS + "names/cipherSuites/1=\"ECDHE-RSA-AES128-GCM-SHA256\": unknown cipher suite "
                        + "(expected one of Go's names Traefik accepts, such as TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 "
                        + "or TLS_AES_128_GCM_SHA256)",
                "error " + OPTIONS + "names/curvePreferences/0=\"P-256\": unknown curve (expected one of CurveP256, "
                        + "CurveP384, CurveP521, X25519, X25519MLKEM768, SecP256r1MLKEM768, SecP384r1MLKEM1024 or "
                        + "their RFC names secp256r1, x25519, ...)",
                "error " + OPTIONS + "names/clientAuth/clientAuthType=\"RequireClientCert\": unknown client "
                        + "authentication type (expected one of NoClientCert, RequestClientCert, "
                        + "RequireAnyClientCert, VerifyClientCertIfGiven, RequireAndVerifyClientCert)",
                "error " + OPTIONS + "order/maxVersion=\"VersionTLS12\": below minVersion VersionTLS13 (expected a "
                        + "maxVersion at or above the minVersion)",
                "warning " + OPTIONS + "order/preferServerCipherSuites=\"true\": deprecated and without effect "
                        + "(Traefik ignores it too)",
                "error " + OPTIONS + "noca/clientAuth/clientAuthType=\"VerifyClientCertIfGiven\": verifies client "
                        + "certificates but no clientAuth/caFiles are set (expected the CA files client "
                        + "certificates chain to)",
                "error " + OPTIONS + "badca/clientAuth/caFiles/0=\"not a CA\": no file not a CA exists and the value "
                        + "is not PEM content (expected PEM content or the path of a readable file)");
        assertThat(errorsOf(decoded)).containsOnlyKeys(EntityRef.tlsOptions("names"), EntityRef.tlsOptions("order"),
                EntityRef.tlsOptions("noca"), EntityRef.tlsOptions("badca"));
    }

    @Test
    void storeDefaultsAreCheckedLikeCertificatesAndIncompleteGeneratedOnesAreWarnings() {
        TestCertificate a = TlsFixtures.a();
        Map<String, String> keys = new TreeMap<>(Map.of(
                STORES + "mismatch/defaultCertificate/certFile", a.certPem(),
                STORES + "mismatch/defaultCertificate/keyFile", TlsFixtures.b().keyPem(),
                STORES + "both/defaultCertificate/certFile", a.certPem(),
                STORES + "both/defaultCertificate/keyFile", a.keyPem(),
                STORES + "both/defaultGeneratedCert/resolver", "le",
                STORES + "noresolver/defaultGeneratedCert/domain/main", "example.com",
                STORES + "acme/defaultGeneratedCert/resolver", "le",
                STORES + "acme/defaultGeneratedCert/domain/main", "example.com"));

        DecodedConfig decoded = decode(keys);

        assertThat(decoded.problems()).extracting(Problem::toLine).containsExactlyInAnyOrder(
                "error " + STORES + "mismatch/defaultCertificate/keyFile=\"PEM content ("
                        + TlsFixtures.b().keyPem().length() + " characters)\": private key does not match the "
                        + "certificate: the key is RSA, the certificate's is ECDSA",
                "warning " + STORES + "both/defaultGeneratedCert=\"le\": not used: defaultCertificate is set and "
                        + "wins, as in Traefik",
                "warning " + STORES + "noresolver/defaultGeneratedCert=\"\": needs both resolver and domain "
                        + "(without either, Traefik serves its own generated certificate)");
        assertThat(decoded.tls().stores().get("both").defaultCertificate().flatMap(f -> f.keyPair())).isPresent();
        assertThat(decoded.tls().stores().get("acme").defaultGeneratedCert().flatMap(g -> g.domain())
                .map(d -> d.names())).contains(List.of("example.com"));
    }

    @Test
    void noProblemEverShowsAPrivateKey() {
        TestCertificate a = TlsFixtures.a();
        DecodedConfig decoded = decode(Map.of(
                CERTS + "0/certFile", "garbage", CERTS + "0/keyFile", a.keyPem(),
                CERTS + "1/certFile", a.certPem(), CERTS + "1/keyFile", TlsFixtures.b().keyPem(),
                CERTS + "2/certFile", a.keyPem(), CERTS + "2/keyFile", a.keyPem(),
                CERTS + "3/keyFile", a.keyPem()));

        assertThat(decoded.problems()).hasSizeGreaterThanOrEqualTo(4).allSatisfy(p -> {
            assertThat(p.value()).doesNotContain("PRIVATE KEY").doesNotContain(keyBody(a));
            assertThat(p.reason()).doesNotContain("PRIVATE KEY").doesNotContain(keyBody(a));
        });
    }

    private static String keyBody(TestCertificate certificate) {
        return certificate.keyPem().lines().skip(1).findFirst().orElseThrow();
    }

    private static Map<EntityRef, List<String>> errorsOf(DecodedConfig decoded) {
        Map<EntityRef, List<String>> errors = new TreeMap<>((x, y) -> x.toString().compareTo(y.toString()));
        decoded.problems().stream().filter(Problem::isError).forEach(p -> errors.computeIfAbsent(
                p.entity().orElseThrow(), e -> new ArrayList<>()).add(p.reason()));
        return errors;
    }

    private static DecodedConfig decode(Map<String, String> keys) {
        List<KvPair> pairs = new ArrayList<>();
        keys.forEach((key, value) -> pairs.add(KvPair.of(key, value)));
        return ConfigDecoder.decode(pairs, "traefik", LayoutChoice.AUTO);
    }
}
