package io.kvroute.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStores;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.acme.AcmeFixture;
import io.kvroute.proxy.acme.AcmeKeyType;
import io.kvroute.proxy.acme.AcmeResolverSettings;
import io.kvroute.proxy.acme.AcmeStorageSettings;
import io.kvroute.proxy.acme.Pebble;
import io.kvroute.proxy.runtime.ProxySettings;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TlsClient;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traefik's ACME quickstart ({@code websecure} without {@code http.tls}, a resolver with
 * {@code --certificatesresolvers.le.acme.tlsChallenge=true} and no httpChallenge, a router with
 * {@code tls.certResolver=le}) end to end with Pebble and two proxies of one etcd: the ordering proxy's entry point is
 * not where Pebble validates over TLS-ALPN-01; the other proxy, whose routers ask for nothing, holds Pebble's
 * {@code tlsPort} and answers the validation from the challenge certificate the first published in the store. The
 * certificate is issued once and both proxies serve it, chaining to Pebble's root; the router is answered over TLS
 * and never over plain HTTP on the same port.
 */
class AcmeQuickstartIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    private static final String HOST = "alpn.kvroute.test";

    @TempDir
    Path dir;

    @Test
    void a_certificate_is_issued_over_tls_alpn01_answered_by_the_proxy_that_does_not_order() throws Exception {
        Path keyFile = AcmeFixture.keyFile(dir);
        try (Pebble pebble = Pebble.start(dir, Optional.empty()); Backend backend = Backend.start("backend");
                KvStore store = KvStores.open(ETCD.settings())) {
            AcmeFixture.putWebsecureRouter(store, HOST, "le", backend.url());
            AcmeResolverSettings resolver = new AcmeResolverSettings("le", Optional.empty(), pebble.directory(),
                    Optional.empty(), true, AcmeKeyType.EC256, Optional.empty(), List.of(pebble.tlsCertificate()));
            AcmeStorageSettings storage = AcmeStorageSettings.defaults(Optional.of(keyFile));
            int orderingPort = Pebble.freePort();
            try (ProxyProcess answering = ProxyProcess.start(store, settings("nothing", pebble.tlsPort()),
                    Optional.empty(), List.of(resolver), storage);
                    ProxyProcess ordering = ProxyProcess.start(store, settings("traefik", orderingPort),
                            Optional.empty(), List.of(resolver), storage)) {
                X509Certificate root = pebble.root();
                List<X509Certificate> chain = await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                        .until(() -> chain(orderingPort), presented -> names(presented.get(0)).contains(HOST));
                AcmeFixture.verifyChain(chain, root);
                assertThat(get(orderingPort)).startsWith("HTTP/1.1 200").endsWith("backend");
                assertThat(plainGet(orderingPort)).as("the tls router over plain HTTP").startsWith("HTTP/1.1 404");
                List<X509Certificate> other = await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
                        .until(() -> chain(pebble.tlsPort()), presented -> names(presented.get(0)).contains(HOST));
                assertThat(other.get(0)).isEqualTo(chain.get(0));
                assertThat(pebble.orders()).isEqualTo(1);
                assertThat(pebble.issued()).isEqualTo(1);
                assertThat(store.list(AcmeStorageSettings.DEFAULT_PREFIX + "le/tlsalpn01/").pairs())
                        .as("the challenge certificate is gone with the order").isEmpty();
            }
        }
    }

    /**
     * Entry point websecure on {@code port} without {@code http.tls}, as in the quickstart;
     * routers under {@code prefix}.
     */
    private static ProxySettings settings(String prefix, int port) {
        ProxySettings defaults = RunningProxy.settings();
        return new ProxySettings(Map.of("websecure", new InetSocketAddress("127.0.0.1", port)), prefix,
                defaults.requestTimeout(), defaults.connectRetries(), defaults.maxHeaderBytes(),
                defaults.maxBodyBytes(), defaults.shutdownGrace());
    }

    private static String plainGet(int port) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + HOST + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** The chain presented for SNI {@value #HOST}, by a client that checks nothing (the test checks it). */
    private static List<X509Certificate> chain(int port) throws Exception {
        TlsClient client = TlsClient.trustingAnything();
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        plain.setSoTimeout(5_000);
        try (SSLSocket socket = (SSLSocket) client.context().getSocketFactory().createSocket(plain, HOST, port,
                true)) {
            socket.setSSLParameters(client.parameters(Optional.of(HOST), "http/1.1"));
            socket.startHandshake();
            return Arrays.stream(socket.getSession().getPeerCertificates()).map(X509Certificate.class::cast)
                    .toList();
        }
    }

    private static String get(int port) throws Exception {
        return TlsClient.trustingAnything().get(port, Optional.of(HOST), HOST, "/");
    }

    private static List<String> names(X509Certificate certificate) {
        try {
            return certificate.getSubjectAlternativeNames() == null ? List.of()
                    : certificate.getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1)))
                            .toList();
        } catch (CertificateParsingException e) {
            throw new AssertionError("the served certificate's names do not parse: " + e.getMessage(), e);
        }
    }
}
