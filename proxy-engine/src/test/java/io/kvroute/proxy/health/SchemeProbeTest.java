package io.kvroute.proxy.health;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.model.HealthCheck;
import io.kvroute.proxy.balancer.ServerKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Probes of {@code https} servers (TLS with certificate and hostname verification) and {@code h2c} servers (HTTP/2
 * with prior knowledge), against real Undertow servers on 127.0.0.1; the certificate is made by the JDK's keytool.
 */
class SchemeProbeTest {
    private static final ServerKey KEY = new ServerKey("app", "a");
    private static final char[] PASSWORD = "secret".toCharArray();
    private static SSLContext serverTls;
    private static TrustManagerFactory trusting;

    private final AtomicInteger requests = new AtomicInteger();
    private Undertow server;
    private HealthChecker checker;

    @BeforeAll
    static void makeCertificate(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
                "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, SECONDS)).as("keytool finished").isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD);
        serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keyManagers.getKeyManagers(), null, null);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keys);
        trusting = trust;
    }

    @AfterEach
    void stop() {
        if (checker != null) {
            checker.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void anHttpsServerWithATrustedCertificateIsUp() {
        int port = startHttps();
        checker = new HealthChecker(CheckerTestSupport.SETTINGS, HealthListener.NONE,
                new MicrometerHealthMetrics(new SimpleMeterRegistry()), () -> trusting);

        watch("https://127.0.0.1:" + port, Specs.fast("/health").withTimeout(Duration.ofSeconds(2)));

        assertThat(awaitState(HealthState.UP).lastProbe().orElseThrow().describe()).isEqualTo("status 200");
        assertThat(requests.get()).isPositive();
    }

    @Test
    void anHttpsServerWhoseCertificateTheJdkDoesNotTrustIsDown() {
        int port = startHttps();
        checker = new HealthChecker(CheckerTestSupport.SETTINGS, HealthListener.NONE,
                new MicrometerHealthMetrics(new SimpleMeterRegistry()));

        watch("https://127.0.0.1:" + port, Specs.fast("/health").withTimeout(Duration.ofSeconds(2)));

        assertThat(awaitState(HealthState.DOWN).lastProbe().orElseThrow().describe())
                .startsWith(ProbeFailures.HANDSHAKE_REFUSED);
        assertThat(requests.get()).isZero();
    }

    @Test
    void anHttpsServerWhoseCertificateNamesAnotherHostIsDown() {
        int port = startHttps();
        checker = new HealthChecker(CheckerTestSupport.SETTINGS, HealthListener.NONE,
                new MicrometerHealthMetrics(new SimpleMeterRegistry()), () -> trusting);

        watch("https://localhost:" + port, Specs.fast("/health").withTimeout(Duration.ofSeconds(2)));

        assertThat(awaitState(HealthState.DOWN).lastProbe().orElseThrow().describe())
                .startsWith(ProbeFailures.HANDSHAKE_REFUSED);
        assertThat(requests.get()).isZero();
    }

    @Test
    void anH2cServerIsProbedOverHttp2WithPriorKnowledge() {
        server = Undertow.builder().setServerOption(UndertowOptions.ENABLE_HTTP2, true)
                .addHttpListener(0, "127.0.0.1").setHandler(exchange -> {
                    requests.incrementAndGet();
                    exchange.getResponseSender().send(exchange.getProtocol().toString());
                }).build();
        server.start();
        checker = new HealthChecker(CheckerTestSupport.SETTINGS, HealthListener.NONE,
                new MicrometerHealthMetrics(new SimpleMeterRegistry()));

        watch("h2c://127.0.0.1:" + port(), Specs.fast("/health").withTimeout(Duration.ofSeconds(2)));

        assertThat(awaitState(HealthState.UP).lastProbe().orElseThrow().describe()).isEqualTo("status 200");
        assertThat(requests.get()).isPositive();
    }

    private int startHttps() {
        server = Undertow.builder().addHttpsListener(0, "127.0.0.1", serverTls).setHandler(exchange -> {
            requests.incrementAndGet();
            exchange.getResponseSender().send("ok");
        }).build();
        server.start();
        return port();
    }

    private int port() {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    private void watch(String url, HealthCheck spec) {
        checker.update(Set.of(new ProbeTarget(KEY, url, Optional.of(spec))));
    }

    private ServerHealth awaitState(HealthState state) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> checker.view().server(KEY),
                        health -> health.map(h -> h.state() == state).orElse(false)).orElseThrow();
    }
}
