package io.kvroute.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.kv.testing.TestCertificate;
import io.kvroute.kv.testing.TlsFixtures;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TlsClient;
import io.kvroute.proxy.testing.TraefikKeys;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An entry point without {@code http.tls} serves TLS and plain HTTP on one port, as Traefik's do: a connection whose
 * first byte opens a TLS handshake is served the routers with {@code tls} only, any other the routers without only
 * (a router with {@code tls} is never served on plain HTTP, nor a plain one over TLS), h2 by ALPN over TLS, and the
 * edge rules (framing, header guard, paths, underscore headers) hold on both kinds of connection.
 */
class MixedEntryPointIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    @Test
    void tlsConnectionsGetTheTlsRoutersAndPlainOnesTheOthersOnOnePort() throws Exception {
        TestCertificate b = TlsFixtures.b();
        try (Backend secure = Backend.start("secure"); Backend plain = Backend.start("plain");
                RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(HttpsEntryPointIT.certificate(new TraefikKeys()
                    .router("secure", "Host(`b.test`)", "secure").routerKey("secure", "tls", "")
                    .router("tls-only", "Host(`t.b.test`)", "secure").routerKey("tls-only", "tls", "")
                    .router("plain", "Host(`b.test`)", "plain")
                    .router("plain-only", "Host(`p.b.test`)", "plain")
                    .server("secure", "one", secure.url())
                    .server("plain", "one", plain.url()), "b", b).build());
            int port = proxy.runtime().address(RunningProxy.ENTRY_POINT).getPort();
            TlsClient client = TlsClient.trusting(b.certificate());
            Optional<String> sni = Optional.of("b.test");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    client.get(port, sni, "b.test", "/over-tls")).startsWith("HTTP/1.1 200").endsWith("secure"));

            assertThat(plainExchange(port, "GET /over-plain HTTP/1.1\r\nHost: b.test\r\nConnection: close\r\n\r\n"))
                    .startsWith("HTTP/1.1 200").endsWith("plain");
            assertThat(plainExchange(port, "GET /secret HTTP/1.1\r\nHost: t.b.test\r\nConnection: close\r\n\r\n"))
                    .as("a tls router over plain HTTP").startsWith("HTTP/1.1 404");
            assertThat(client.get(port, sni, "p.b.test", "/secret"))
                    .as("a plain router over TLS").startsWith("HTTP/1.1 404");
            assertThat(client.get(port, sni, "t.b.test", "/tls-only")).startsWith("HTTP/1.1 200");
            assertThat(client.handshake(port, sni, "h2", "http/1.1").alpn()).isEqualTo("h2");

            for (boolean tls : new boolean[] {true, false}) {
                String smuggle = "POST /smuggle HTTP/1.1\r\nHost: b.test\r\nContent-Length: 4\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n";
                String folded = "GET /folded HTTP/1.1\r\nHost: b.test\r\nX-A: 1\r\n 2\r\nConnection: close\r\n\r\n";
                String under = "GET /under HTTP/1.1\r\nHost: b.test\r\nX_Forwarded_For: 6.6.6.6\r\n"
                        + "Connection: close\r\n\r\n";
                assertThat(exchange(tls, client, port, smuggle)).as("smuggling, tls=%s", tls)
                        .startsWith("HTTP/1.1 400");
                assertThat(exchange(tls, client, port, folded)).as("obs-fold, tls=%s", tls)
                        .startsWith("HTTP/1.1 400");
                assertThat(exchange(tls, client, port, under)).startsWith("HTTP/1.1 200");
                assertThat(exchange(tls, client, port, "GET /public/../admin HTTP/1.1\r\nHost: b.test\r\n"
                        + "Connection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
            }
            for (Backend backend : new Backend[] {secure, plain}) {
                assertThat(backend.received("/smuggle")).isEmpty();
                assertThat(backend.received("/folded")).isEmpty();
                assertThat(backend.received("/under")).singleElement()
                        .satisfies(r -> assertThat(r.header("X_Forwarded_For")).isNull());
                assertThat(backend.received("/admin")).hasSize(1);
                assertThat(backend.received("/secret")).isEmpty();
            }
            assertThat(secure.received("/under").get(0).header("X-Forwarded-Proto")).isEqualTo("https");
            assertThat(plain.received("/under").get(0).header("X-Forwarded-Proto")).isEqualTo("http");
        }
    }

    private static String exchange(boolean tls, TlsClient client, int port, String request) throws IOException {
        return tls ? client.exchange(port, Optional.of("b.test"), request) : plainExchange(port, request);
    }

    private static String plainExchange(int port, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
