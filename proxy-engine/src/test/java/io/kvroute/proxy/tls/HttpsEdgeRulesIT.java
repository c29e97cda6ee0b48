package io.kvroute.proxy.tls;

import static io.kvroute.proxy.tls.HttpsEntryPointIT.certificate;
import static io.kvroute.proxy.tls.HttpsEntryPointIT.port;
import static io.kvroute.proxy.tls.HttpsEntryPointIT.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.kv.testing.TestCertificate;
import io.kvroute.kv.testing.TlsFixtures;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TlsClient;
import io.kvroute.proxy.testing.TraefikKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge rules hold on decrypted bytes: over TLS, HTTP/1.1 requests smuggling a body (Content-Length next to
 * Transfer-Encoding), with a bad chunk size, an underscore header or a path with {@code ..} are treated exactly as
 * on plain HTTP; and HTTP/2 is negotiated by ALPN with the JDK's client and with curl {@code --http2}, its
 * requests cleaned the same way.
 */
class HttpsEdgeRulesIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    @Test
    void framingPathAndHeaderRulesHoldOverTls() throws Exception {
        TestCertificate b = TlsFixtures.b();
        try (Backend backend = Backend.start("origin"); RunningProxy proxy = RunningProxy.start(ETCD, settings(false))) {
            proxy.apply(certificate(new TraefikKeys().router("app", "Host(`b.test`)", "app")
                    .server("app", "one", backend.url()), "b", b).build());
            int tls = port(proxy, "websecure");
            TlsClient client = TlsClient.trusting(b.certificate());
            Optional<String> sni = Optional.of("b.test");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    client.get(tls, sni, "b.test", "/ready")).startsWith("HTTP/1.1 200"));

            assertThat(client.exchange(tls, sni, "POST /smuggle HTTP/1.1\r\nHost: b.test\r\nContent-Length: 4\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")).startsWith("HTTP/1.1 400");
            assertThat(client.exchange(tls, sni, "POST /chunks HTTP/1.1\r\nHost: b.test\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n")).startsWith("HTTP/1.1 400");
            assertThat(client.exchange(tls, sni, "GET /under HTTP/1.1\r\nHost: b.test\r\nX_Forwarded_For: 6.6.6.6\r\n"
                    + "Connection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
            assertThat(client.get(tls, sni, "b.test", "/public/../admin")).startsWith("HTTP/1.1 200");

            assertThat(backend.received("/smuggle")).isEmpty();
            assertThat(backend.received("/chunks")).isEmpty();
            assertThat(backend.received("/under")).singleElement()
                    .satisfies(r -> assertThat(r.header("X_Forwarded_For")).isNull());
            assertThat(backend.received("/admin")).hasSize(1);
            assertThat(backend.received("/under").get(0).header("X-Forwarded-Proto")).isEqualTo("https");
        }
    }

    @Test
    void http2ByAlpnWithTheJdkClientAndCurl(@TempDir Path dir) throws Exception {
        TestCertificate b = TlsFixtures.b();
        try (Backend backend = Backend.start("origin"); RunningProxy proxy = RunningProxy.start(ETCD, settings(false))) {
            proxy.apply(certificate(new TraefikKeys().router("app", "PathPrefix(`/`)", "app")
                    .server("app", "one", backend.url()), "b", b).build());
            int tls = port(proxy, "websecure");
            TlsClient client = TlsClient.trusting(b.certificate());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    client.handshake(tls, Optional.of("b.test"), "h2", "http/1.1").alpn()).isEqualTo("h2"));

            HttpClient http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(client.context())
                    .sslParameters(client.parameters(Optional.of("b.test"), "h2", "http/1.1"))
                    .connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> response = http2.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + tls + "/jdk?x=1")).header("X_Secret", "1")
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(backend.received("/jdk")).singleElement()
                    .satisfies(r -> assertThat(r.header("X_Secret")).isNull());

            Path ca = dir.resolve("b.crt");
            Files.writeString(ca, b.certPem());
            Process curl = new ProcessBuilder("curl", "--http2", "-sS", "--max-time", "10", "--cacert", ca.toString(),
                    "--resolve", "b.test:" + tls + ":127.0.0.1", "-o", "/dev/null",
                    "-w", "%{http_version} %{http_code}", "https://b.test:" + tls + "/curl/../viacurl")
                    .redirectErrorStream(true).start();
            assertThat(curl.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(new String(curl.getInputStream().readAllBytes())).isEqualTo("2 200");
            assertThat(backend.received("/viacurl")).hasSize(1);
        }
    }
}
