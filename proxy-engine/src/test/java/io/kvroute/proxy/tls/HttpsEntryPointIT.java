package io.kvroute.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.kv.testing.TestCertificate;
import io.kvroute.kv.testing.TlsFixtures;
import io.kvroute.proxy.http.EntryPointOptions;
import io.kvroute.proxy.http.EntryPointRedirect;
import io.kvroute.proxy.http.ForwardedHeadersTrust;
import io.kvroute.proxy.http.UnderscoreHeaders;
import io.kvroute.proxy.path.RequestPathPolicy;
import io.kvroute.proxy.routing.Exclusion;
import io.kvroute.proxy.routing.RouterTls;
import io.kvroute.proxy.runtime.ProxySettings;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TlsClient;
import io.kvroute.proxy.testing.TraefikKeys;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HTTPS through real etcd keys and a real TLS entry point: SNI picks the certificate (exact, one-label wildcard,
 * the default store's defaultCertificate, else the generated TRAEFIK DEFAULT CERT; sniStrict refuses an unknown
 * name), routers with tls only over TLS and routers without only over plain HTTP, the entry point redirect,
 * mTLS, and bad certificates or options breaking only what uses them.
 */
class HttpsEntryPointIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    static final String TLS = "traefik/tls/";

    /** web (plain) and websecure (TLS, Traefik's http.tls=true) on 127.0.0.1, web optionally redirecting. */
    static ProxySettings settings(boolean redirect) {
        EntryPointOptions plain = new EntryPointOptions(RequestPathPolicy.DEFAULT, UnderscoreHeaders.DELETE,
                ForwardedHeadersTrust.NONE, Optional.empty(), redirect
                        ? Optional.of(new EntryPointRedirect("websecure", "https", true)) : Optional.empty());
        EntryPointOptions secure = new EntryPointOptions(RequestPathPolicy.DEFAULT, UnderscoreHeaders.DELETE,
                ForwardedHeadersTrust.NONE, Optional.of(RouterTls.of("", "")), Optional.empty());
        ProxySettings defaults = RunningProxy.settings();
        return new ProxySettings(Map.of("web", new InetSocketAddress("127.0.0.1", 0),
                "websecure", new InetSocketAddress("127.0.0.1", 0)), defaults.prefix(), defaults.requestTimeout(),
                defaults.connectRetries(), defaults.maxHeaderBytes(), defaults.maxBodyBytes(),
                defaults.shutdownGrace(), Map.of("web", plain, "websecure", secure));
    }

    static TraefikKeys certificate(TraefikKeys keys, String id, TestCertificate certificate) {
        return keys.put(TLS + "certificates/" + id + "/certFile", certificate.certPem())
                .put(TLS + "certificates/" + id + "/keyFile", certificate.keyPem());
    }

    static int port(RunningProxy proxy, String entryPoint) {
        return proxy.runtime().address(entryPoint).getPort();
    }

    @Test
    void sniPicksExactThenWildcardThenStoreDefaultThenGenerated() throws IOException {
        TestCertificate a = TlsFixtures.a();
        TestCertificate b = TlsFixtures.b();
        try (Backend backend = Backend.start("origin"); RunningProxy proxy = RunningProxy.start(ETCD, settings(false))) {
            TraefikKeys keys = new TraefikKeys().router("app", "Host(`b.test`)", "app").server("app", "one",
                    backend.url());
            proxy.apply(certificate(certificate(keys, "a", a), "b", b).build());
            int port = port(proxy, "websecure");
            TlsClient client = TlsClient.trusting(a.certificate(), b.certificate());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    client.handshake(port, Optional.of("b.test")).leaf()).isEqualTo(b.certificate()));
            assertThat(client.handshake(port, Optional.of("A.TEST")).leaf()).isEqualTo(a.certificate());
            assertThat(client.handshake(port, Optional.of("x.a.test")).leaf()).isEqualTo(a.certificate());

            TlsClient anyServer = TlsClient.trustingAnything();
            assertThat(anyServer.handshake(port, Optional.of("y.x.a.test")).leaf().getSubjectX500Principal()
                    .getName()).isEqualTo("CN=" + GeneratedDefaultCertificate.COMMON_NAME);
            assertThat(anyServer.handshake(port, Optional.empty()).leaf().getSubjectX500Principal().getName())
                    .isEqualTo("CN=" + GeneratedDefaultCertificate.COMMON_NAME);

            proxy.apply(new TraefikKeys().put(TLS + "stores/default/defaultCertificate/certFile", b.certPem())
                    .put(TLS + "stores/default/defaultCertificate/keyFile", b.keyPem()).build());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    client.handshake(port, Optional.of("unknown.test")).leaf()).isEqualTo(b.certificate()));

            proxy.apply(new TraefikKeys().put(TLS + "options/default/sniStrict", "true").build());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatThrownBy(
                    () -> client.handshake(port, Optional.of("unknown.test"))).isInstanceOf(SSLException.class));
            assertThatThrownBy(() -> client.handshake(port, Optional.empty())).isInstanceOf(SSLException.class);
            assertThat(client.handshake(port, Optional.of("b.test")).leaf()).isEqualTo(b.certificate());
            assertThat(client.get(port, Optional.of("b.test"), "b.test", "/")).startsWith("HTTP/1.1 200");
        }
    }
}
