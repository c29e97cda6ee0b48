package io.kvroute.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.http.ChainProblem;
import io.kvroute.proxy.http.EntryPointOptions;
import io.kvroute.proxy.routing.RouterTls;
import io.kvroute.proxy.runtime.ProxySettings;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TestPki;
import io.kvroute.proxy.testing.TlsBackend;
import io.kvroute.proxy.testing.TlsClient;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Traefik 1.7 frontends' {@code passTLSCert} through real etcd keys, a proxy with a plain entry point ({@code web})
 * and a TLS one ({@code websecure}), and a real HTTPS backend that requires a client certificate of a test CA: a
 * frontend with {@code passTLSCert} on {@code websecure}, whose certificate the CA signed and whose client CA file is
 * the CA, reaches it presenting that certificate; a frontend on the same backend without {@code passTLSCert} does
 * not (the proxy does not trust the backend, as Traefik 1.7 without rootCAs); with the entry point's certificate
 * from another CA the backend refuses the handshake; a frontend with {@code passTLSCert} on {@code web} is left out.
 */
class V1PassTlsCertIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    private static final Instant NOT_BEFORE = Instant.now().minusSeconds(60);
    private static final Instant NOT_AFTER = Instant.now().plusSeconds(3600);
    private static final TestPki.Issued CA = TestPki.ca("CN=kvroute v1 CA");
    private static final TestPki.Issued BACKEND = TestPki.leaf(CA, "CN=backend.test", BigInteger.TWO, NOT_BEFORE,
            NOT_AFTER, List.of(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
    private static final TestPki.Issued ENTRY_POINT = TestPki.leaf(CA, "CN=entry.test", BigInteger.TEN, NOT_BEFORE,
            NOT_AFTER, List.of(new GeneralName(GeneralName.dNSName, "entry.test")));
    /**
     * The status line of what a handshake the server refuses gets: 500 when the server's alert ends kvroute's handshake
     * (the dial fails with the TLS failure as its cause), 503 when the TLS 1.3 handshake had ended for kvroute before
     * the server judged its certificate (the exchange fails without a cause); which one comes first is a race on the
     * server's side. Traefik answers 502 in both cases (a remote TLS alert is a net.Error).
     */
    private static final String REFUSED = "HTTP/1\\.1 (500|503) [\\s\\S]*";

    private static Map<String, String> frontend(String name, String entryPoints, boolean passTlsCert) {
        Map<String, String> keys = new TreeMap<>();
        keys.put("/traefik/frontends/" + name + "/backend", "app");
        keys.put("/traefik/frontends/" + name + "/routes/r/rule", "Host:" + name + ".test");
        keys.put("/traefik/frontends/" + name + "/entrypoints", entryPoints);
        if (passTlsCert) {
            keys.put("/traefik/frontends/" + name + "/passtlscert", "true");
        }
        return keys;
    }

    private static Map<String, String> entryPointCertificate(TestPki.Issued certificate) {
        return Map.of(HttpsEntryPointIT.TLS + "certificates/entry/certFile", certificate.certPem(),
                HttpsEntryPointIT.TLS + "certificates/entry/keyFile", certificate.keyPem());
    }

    @Test
    void passTlsCertPresentsTheEntryPointsCertificateAndTrustsItsClientCas() throws Exception {
        try (TlsBackend backend = TlsBackend.requiringClientCertificate("mutual", BACKEND.context(CA.certificate()));
                RunningProxy proxy = RunningProxy.start(ETCD, HttpsEntryPointIT.settings(false))) {
            Map<String, String> keys = new TreeMap<>();
            keys.put("/traefik/backends/app/servers/one/url", backend.url("127.0.0.1"));
            keys.putAll(frontend("passed", "websecure", true));
            keys.putAll(frontend("plain", "websecure", false));
            keys.putAll(frontend("both", "web,websecure", true));
            keys.putAll(entryPointCertificate(ENTRY_POINT));
            keys.put(HttpsEntryPointIT.TLS + "options/default/clientAuth/caFiles/0", CA.certPem());
            keys.put(HttpsEntryPointIT.TLS + "options/default/clientAuth/clientAuthType", "VerifyClientCertIfGiven");
            proxy.apply(keys);
            int tls = HttpsEntryPointIT.port(proxy, "websecure");
            TlsClient client = TlsClient.trustingAnything();

            assertThat(client.get(tls, Optional.of("passed.test"), "passed.test", "/")).startsWith("HTTP/1.1 200")
                    .endsWith("mutual");
            assertThat(backend.received()).extracting(TlsBackend.Received::clientSubject)
                    .containsExactly("CN=entry.test");
            assertThat(client.get(tls, Optional.of("plain.test"), "plain.test", "/")).matches(REFUSED);
            assertThat(client.get(tls, Optional.of("both.test"), "both.test", "/")).startsWith("HTTP/1.1 404");
            assertThat(proxy.runtime().snapshot().problems()).extracting(ChainProblem::toLine).singleElement()
                    .asString().startsWith("router both not served: ").contains("frontends/both/passtlscert", "[web]");
            assertThat(backend.received()).hasSize(1);

            TestPki.Issued stranger = TestPki.ca("CN=another CA");
            proxy.apply(entryPointCertificate(TestPki.leaf(stranger, "CN=entry.test", BigInteger.TWO, NOT_BEFORE,
                    NOT_AFTER, List.of(new GeneralName(GeneralName.dNSName, "entry.test")))));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    client.get(tls, Optional.of("passed.test"), "passed.test", "/"))
                    .as("a certificate the backend's CA did not sign").matches(REFUSED));
            assertThat(backend.received()).hasSize(1);
        }
    }

    /**
     * The entry point's TLS options named as qualified by this proxy's provider ({@code mutual@etcd}) are its
     * {@code mutual} options for the TLS to servers too: their client CA files are the trusted roots.
     */
    @Test
    void passTlsCertTrustsTheClientCasOfOptionsNamedWithTheProvider() throws Exception {
        ProxySettings defaults = HttpsEntryPointIT.settings(false);
        EntryPointOptions secure = defaults.entryPointOptions().get("websecure");
        Map<String, EntryPointOptions> options = new TreeMap<>(defaults.entryPointOptions());
        options.put("websecure", new EntryPointOptions(secure.path(), secure.underscoreHeaders(),
                secure.forwardedHeaders(), Optional.of(RouterTls.of("mutual@etcd", "")), secure.redirect()));
        ProxySettings settings = new ProxySettings(defaults.entryPoints(), defaults.prefix(),
                defaults.requestTimeout(), defaults.connectRetries(), defaults.maxHeaderBytes(),
                defaults.maxBodyBytes(), defaults.shutdownGrace(), options);
        try (TlsBackend backend = TlsBackend.requiringClientCertificate("mutual", BACKEND.context(CA.certificate()));
                RunningProxy proxy = RunningProxy.start(ETCD, settings)) {
            Map<String, String> keys = new TreeMap<>();
            keys.put("/traefik/backends/app/servers/one/url", backend.url("127.0.0.1"));
            keys.putAll(frontend("passed", "websecure", true));
            keys.putAll(entryPointCertificate(ENTRY_POINT));
            keys.put(HttpsEntryPointIT.TLS + "options/mutual/clientAuth/caFiles/0", CA.certPem());
            keys.put(HttpsEntryPointIT.TLS + "options/mutual/clientAuth/clientAuthType", "VerifyClientCertIfGiven");
            proxy.apply(keys);
            int tls = HttpsEntryPointIT.port(proxy, "websecure");

            assertThat(TlsClient.trustingAnything().get(tls, Optional.of("passed.test"), "passed.test", "/"))
                    .startsWith("HTTP/1.1 200").endsWith("mutual");
            assertThat(backend.received()).extracting(TlsBackend.Received::clientSubject)
                    .containsExactly("CN=entry.test");
        }
    }

    @Test
    void tlsChangesLeaveOnePoolPerServer() throws Exception {
        try (TlsBackend backend = TlsBackend.start("generated", BACKEND.context(CA.certificate()));
                RunningProxy proxy = RunningProxy.start(ETCD, HttpsEntryPointIT.settings(false))) {
            Map<String, String> keys = new TreeMap<>();
            keys.put("/traefik/backends/app/servers/one/url", backend.url("127.0.0.1"));
            keys.putAll(frontend("passed", "websecure", true));
            keys.put(HttpsEntryPointIT.TLS + "options/default/clientAuth/caFiles/0", CA.certPem());
            keys.put(HttpsEntryPointIT.TLS + "options/default/clientAuth/clientAuthType", "VerifyClientCertIfGiven");
            keys.put(HttpsEntryPointIT.TLS + "options/unrelated/minVersion", "VersionTLS12");
            proxy.apply(keys);
            int tls = HttpsEntryPointIT.port(proxy, "websecure");
            TlsClient client = TlsClient.trustingAnything();
            URI server = URI.create(backend.url("127.0.0.1"));
            assertThat(client.get(tls, Optional.of("passed.test"), "passed.test", "/")).startsWith("HTTP/1.1 200");

            for (String version : List.of("VersionTLS13", "VersionTLS12", "VersionTLS13")) {
                proxy.apply(Map.of(HttpsEntryPointIT.TLS + "options/unrelated/minVersion", version));
                assertThat(client.get(tls, Optional.of("passed.test"), "passed.test", "/"))
                        .startsWith("HTTP/1.1 200");
            }

            assertThat(backend.received()).hasSize(4);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    proxy.runtime().serverPools().get(server))
                    .as("one pool for the generated certificate").isEqualTo(1));

            for (long serial = 20; serial < 23; serial++) {
                proxy.apply(entryPointCertificate(TestPki.leaf(CA, "CN=entry.test", BigInteger.valueOf(serial),
                        NOT_BEFORE, NOT_AFTER, List.of(new GeneralName(GeneralName.dNSName, "entry.test")))));
                assertThat(client.get(tls, Optional.of("passed.test"), "passed.test", "/"))
                        .startsWith("HTTP/1.1 200");
            }
            assertThat(backend.received()).hasSize(7);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    proxy.runtime().serverPools().get(server))
                    .as("the pools of the certificates rotated away are closed").isEqualTo(1));
        }
    }
}
