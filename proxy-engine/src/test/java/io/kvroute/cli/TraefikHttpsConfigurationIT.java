package io.kvroute.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStores;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.acme.AcmeFixture;
import io.kvroute.proxy.acme.Pebble;
import io.kvroute.proxy.testing.Backend;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's "done when": a Traefik v3 user's HTTPS configuration, unchanged, on two {@code kvroute proxy} processes
 * (the shaded jar) of one etcd with Pebble as the CA. Entry points {@code web} and {@code websecure}, web redirected
 * to websecure, resolver {@code le} answering HTTP-01 on web, and a router in etcd on websecure naming {@code le}:
 * plain HTTP is redirected, HTTPS to the router's host is answered with a certificate a client trusting only Pebble's
 * root accepts for that name, the other proxy presents the same certificate within a second, and Pebble saw one
 * order.
 */
class TraefikHttpsConfigurationIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    private static final Path JAR = Path.of("target", "kvroute.jar");
    private static final String HOST = "app.test";

    @TempDir
    Path dir;

    @Test
    void websecure_with_a_cert_resolver_and_a_redirect_is_served_by_two_proxies_from_one_order() throws Exception {
        Path keyFile = AcmeFixture.keyFile(dir);
        try (Pebble pebble = Pebble.start(dir, Optional.empty()); Backend backend = Backend.start("backend");
                KvStore store = KvStores.open(ETCD.settings())) {
            AcmeFixture.putWebsecureRouter(store, HOST, "le", backend.url());
            int firstSecure = Pebble.freePort();
            int secondSecure = Pebble.freePort();
            Process first = proxy("first", pebble, keyFile, pebble.httpPort(), firstSecure);
            Process second = proxy("second", pebble, keyFile, Pebble.freePort(), secondSecure);
            try {
                String redirect = await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                        .until(() -> plainGet(pebble.httpPort()), answer -> answer.startsWith("HTTP/1.1 301"));
                assertThat(redirect).containsIgnoringCase("location: https://" + HOST + ":" + firstSecure + "/shop?q=1");

                X509Certificate root = pebble.root();
                String answer = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                        .ignoreExceptions().until(() -> verifiedGet(firstSecure, root), a -> a.endsWith("backend"));
                assertThat(answer).startsWith("HTTP/1.1 200");
                long served = System.nanoTime();
                assertThat(await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20))
                        .ignoreExceptions().until(() -> verifiedGet(secondSecure, root), a -> a.endsWith("backend")))
                        .as("the second proxy serves the certificate the first ordered").startsWith("HTTP/1.1 200");
                System.out.printf("TraefikHttpsConfigurationIT: the second proxy served the certificate %d ms after "
                        + "the first%n", (System.nanoTime() - served) / 1_000_000);
                assertThat(pebble.orders()).isEqualTo(1);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\nfirst proxy:\n" + log("first") + "\nsecond proxy:\n"
                        + log("second"), e);
            } finally {
                stop(first, "first");
                stop(second, "second");
            }
        }
    }

    /** {@code kvroute proxy} with a Traefik v3 user's flags, plus the CA, its trust and the storage key file. */
    private Process proxy(String name, Pebble pebble, Path keyFile, int web, int websecure) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString(),
                "proxy", "--etcd.endpoint=" + ETCD.endpoint(),
                "--entrypoints.web.address=127.0.0.1:" + web,
                "--entrypoints.websecure.address=127.0.0.1:" + websecure,
                "--entrypoints.web.http.redirections.entrypoint.to=websecure",
                "--entrypoints.web.http.redirections.entrypoint.scheme=https",
                "--certificatesresolvers.le.acme.email=admin@" + HOST,
                "--certificatesresolvers.le.acme.storage=acme.json",
                "--certificatesresolvers.le.acme.httpChallenge.entryPoint=web",
                "--certificatesresolvers.le.acme.caServer=" + pebble.directory(),
                "--acme.storage.keyFile=" + keyFile));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        builder.environment().put("LEGO_CA_CERTIFICATES", pebble.tlsCertificate().toString());
        return builder.start();
    }

    private void stop(Process proxy, String name) throws Exception {
        proxy.destroy();
        assertThat(proxy.waitFor(30, TimeUnit.SECONDS)).as("%s stopped; log:%n%s", name, log(name)).isTrue();
    }

    private String log(String name) throws IOException {
        return Files.readString(dir.resolve(name + ".log"), StandardCharsets.UTF_8);
    }

    private static String plainGet(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET /shop?q=1 HTTP/1.1\r\nHost: " + HOST
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * GET / over TLS with SNI {@value #HOST}, by a client trusting only {@code root} and checking the certificate
     * names {@value #HOST} (the JDK's HTTPS endpoint identification).
     */
    private static String verifiedGet(int port, X509Certificate root) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("pebble-root", root);
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        plain.setSoTimeout(5_000);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, HOST, port, true)) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(HOST)));
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + HOST + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
