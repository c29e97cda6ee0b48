package io.kvroute.proxy.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.etcd.EtcdKvStore;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.kv.testing.KeytoolCertificates;
import io.kvroute.kv.testing.TestCertificate;
import io.kvroute.kv.testing.TlsFixtures;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.ServedApi;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Traefik's {@code /api/certificates} through real etcd keys and a real ProxyRuntime: the store's certificates and
 * its default certificate by fingerprint, each once (an expired one is refused as a problem: kvroute fails closed),
 * Traefik's search, status filter, sort, paging and {@code X-Next-Page}, one certificate by its fingerprint, 404 and
 * 400 as Traefik answers them, the counts in {@code /api/overview}; kvroute's own {@code /api/tls/certificates}
 * unchanged beside it.
 */
class CertificatesApiIT {
    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TLS = "traefik/tls/";
    private static ServedApi api;
    private static TestCertificate a;
    private static TestCertificate b;
    private static TestCertificate soon;

    @BeforeAll
    static void start() throws IOException {
        Path dir = Files.createTempDirectory("kvroute-certificates-api");
        Map<String, TestCertificate> made = KeytoolCertificates.make(dir, List.of(
                new KeytoolCertificates.Request("a", "EC", List.of("a.test", "*.a.test"), "", 90),
                new KeytoolCertificates.Request("b", "RSA", List.of("b.test"), "", 90),
                new KeytoolCertificates.Request("soon", "RSA", List.of("soon.test"), "-1d", 10)));
        a = made.get("a");
        b = made.get("b");
        soon = made.get("soon");
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
        EtcdKvStore kv = new EtcdKvStore(etcd.settings());
        KvTransaction.Builder keys = KvTransaction.builder();
        Map.of("a", a, "b", b, "soon", soon, "again", b).forEach((id, certificate) -> keys
                        .put(TLS + "certificates/" + id + "/certFile", certificate.certPem())
                        .put(TLS + "certificates/" + id + "/keyFile", certificate.keyPem()));
        keys.put(TLS + "stores/default/defaultCertificate/certFile", TlsFixtures.resource("pkcs1.crt"))
                .put(TLS + "stores/default/defaultCertificate/keyFile", TlsFixtures.resource("pkcs1.key"));
        kv.commit(keys.build());
        api = ServedApi.start(kv, RunningProxy.settings());
        await().atMost(Duration.ofSeconds(10)).until(() -> api.runtime().tls().served().size() == 6);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void listsEveryCertificateOnceByFingerprintSortedByCommonNameWithTraefiksStatus() throws Exception {
        JsonNode all = api.get("/api/certificates");

        assertThat(all).extracting(c -> c.get("commonName").asText())
                .containsExactly("a.test", "b.test", "pkcs1.test", "soon.test");
        assertThat(all).extracting(c -> c.get("name").asText()).containsExactly(fingerprint(a),
                fingerprint(b),
                CertificatesApiJsonTest.sha256(parse(TlsFixtures.resource("pkcs1.crt")).getEncoded()),
                fingerprint(soon));
        assertThat(all).extracting(c -> c.get("status").asText())
                .containsExactly("enabled", "enabled", "enabled", "warning");
        assertThat(all.get(0).get("sans").toString()).isEqualTo("[\"*.a.test\",\"a.test\"]");
        assertThat(all.get(0).get("keyType").asText()).isEqualTo("ECDSA");
        assertThat(all.get(1).get("keySize").asInt()).isEqualTo(2048);
        assertThat(api.send("/api/certificates").headers().firstValue("X-Next-Page")).hasValue("1");
        assertThat(api.get("/api/overview").get("certificates").toString())
                .isEqualTo("{\"total\":4,\"warnings\":1,\"errors\":0}");
        assertThat(api.get("/api/tls/certificates")).as("kvroute's own listing, with the generated certificate")
                .hasSize(6);
    }

    @Test
    void searchesFiltersSortsAndPagesAsTraefik() throws Exception {
        assertThat(names("/api/certificates?search=PKCS1")).containsExactly("pkcs1.test");
        assertThat(names("/api/certificates?search=*.a")).as("searches the SANs too").containsExactly("a.test");
        assertThat(names("/api/certificates?status=Warning")).containsExactly("soon.test");
        assertThat(names("/api/certificates?sortBy=validUntil&direction=desc").get(3)).isEqualTo("soon.test");
        assertThat(names("/api/certificates?sortBy=cn&direction=desc"))
                .containsExactly("soon.test", "pkcs1.test", "b.test", "a.test");
        assertThat(names("/api/certificates?sortBy=status&direction=desc")).containsExactly("soon.test",
                "pkcs1.test", "b.test", "a.test");

        HttpResponse<String> second = api.send("/api/certificates?per_page=2&page=2");
        assertThat(JSON.readTree(second.body())).extracting(c -> c.get("commonName").asText())
                .containsExactly("pkcs1.test", "soon.test");
        assertThat(second.headers().firstValue("X-Next-Page")).hasValue("1");
        assertThat(api.send("/api/certificates?per_page=3&page=1").headers().firstValue("X-Next-Page")).hasValue("2");
        HttpResponse<String> past = api.send("/api/certificates?per_page=2&page=3");
        assertThat(past.statusCode()).isEqualTo(400);
        assertThat(past.body()).isEqualTo("{\"message\":\"invalid request: page: 3, per_page: 2\"}");
        assertThat(api.send("/api/certificates?per_page=x").body())
                .isEqualTo("{\"message\":\"invalid request: per_page: 0\"}");
    }

    @Test
    void oneCertificateByItsFingerprintAnd404ForAnother() throws Exception {
        String id = fingerprint(b);

        JsonNode one = api.get("/api/certificates/" + id);

        assertThat(one.get("name").asText()).isEqualTo(id);
        assertThat(one.get("commonName").asText()).isEqualTo("b.test");
        HttpResponse<String> missing = api.send("/api/certificates/nope");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("{\"message\":\"certificate not found: nope\"}");
    }

    private static List<String> names(String path) throws Exception {
        List<String> names = new ArrayList<>();
        api.get(path).forEach(c -> names.add(c.get("commonName").asText()));
        return names;
    }

    private static String fingerprint(TestCertificate certificate) throws Exception {
        return CertificatesApiJsonTest.sha256(certificate.certificate().getEncoded());
    }

    private static X509Certificate parse(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }
}
