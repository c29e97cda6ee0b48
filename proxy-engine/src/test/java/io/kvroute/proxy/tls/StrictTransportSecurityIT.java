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
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A {@code headers} middleware's {@code Strict-Transport-Security} and {@code Public-Key-Pins} go only on responses
 * to requests that came over TLS, as unrolled/secure sends them in Traefik: one router served on a plain and a TLS
 * entry point gets them on the TLS one only.
 */
class StrictTransportSecurityIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    @Test
    void onlyResponsesOverTlsGetStrictTransportSecurityAndPublicKeyPins() throws Exception {
        TestCertificate b = TlsFixtures.b();
        try (Backend backend = Backend.start("origin"); RunningProxy proxy = RunningProxy.start(ETCD, settings(false))) {
            proxy.apply(certificate(new TraefikKeys().router("app", "Host(`b.test`)", "app").middlewares("app", "sts")
                    .middleware("sts", "headers/stsSeconds", "31536000")
                    .middleware("sts", "headers/stsIncludeSubdomains", "true")
                    .middleware("sts", "headers/publicKey", "pin-sha256=\"cGlu\"; max-age=60")
                    .middleware("sts", "headers/frameDeny", "true")
                    .server("app", "one", backend.url()), "b", b).build());
            int tls = port(proxy, "websecure");
            TlsClient client = TlsClient.trusting(b.certificate());
            Optional<String> sni = Optional.of("b.test");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    client.get(tls, sni, "b.test", "/ready")).startsWith("HTTP/1.1 200"));

            String overTls = client.get(tls, sni, "b.test", "/secure");
            HttpResponse<String> plain = proxy.get("b.test", "/plain");

            assertThat(overTls.lines()).contains("Strict-Transport-Security: max-age=31536000; includeSubDomains",
                    "Public-Key-Pins: pin-sha256=\"cGlu\"; max-age=60", "X-Frame-Options: DENY");
            assertThat(plain.statusCode()).isEqualTo(200);
            assertThat(plain.headers().firstValue("X-Frame-Options")).contains("DENY");
            assertThat(plain.headers().firstValue("Strict-Transport-Security")).isEmpty();
            assertThat(plain.headers().firstValue("Public-Key-Pins")).isEmpty();
        }
    }
}
