package io.kvroute.proxy.tls;

import static io.kvroute.proxy.tls.HttpsEntryPointIT.TLS;
import static io.kvroute.proxy.tls.HttpsEntryPointIT.certificate;
import static io.kvroute.proxy.tls.HttpsEntryPointIT.port;
import static io.kvroute.proxy.tls.HttpsEntryPointIT.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.kv.testing.KeytoolCertificates;
import io.kvroute.kv.testing.TestCertificate;
import io.kvroute.kv.testing.TlsFixtures;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.KeptAliveTls;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TlsClient;
import io.kvroute.proxy.testing.TraefikKeys;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificates and TLS options changing in etcd while the proxy serves: a certificate replaced (new serial) and
 * another removed under a bounded load of new TLS connections, with no failed handshake and established connections
 * kept; certificates and options added after the start reaching serving through the watch's changes, and again
 * through the list that follows an etcd restored from an older snapshot.
 */
class CertificateChangesIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    /** At most this many handshakes per host, so the load is bounded however slow the machine is. */
    private static final int MAX_HANDSHAKES = 3_000;
    /** Handshakes per host that must complete after the change was seen to be served. */
    private static final int AFTER_CHANGE = 30;
    private static final Duration LOAD_BOUND = Duration.ofSeconds(60);
    private static final String DEFAULT_CN = "CN=" + GeneratedDefaultCertificate.COMMON_NAME;

    /** What one host's handshakes saw: every leaf, in order, and every failure. */
    private record Seen(Queue<X509Certificate> leaves, Queue<String> failures) {
        Seen() {
            this(new ConcurrentLinkedQueue<>(), new ConcurrentLinkedQueue<>());
        }
    }

    @Test
    void aReplacedCertificateServesWithoutAFailedHandshakeAndARemovedOneFallsBackToTheDefault(@TempDir Path dir)
            throws Exception {
        Map<String, TestCertificate> made = KeytoolCertificates.make(dir, List.of(
                KeytoolCertificates.Request.valid("before", "EC", "rot.test"),
                KeytoolCertificates.Request.valid("after", "EC", "rot.test"),
                KeytoolCertificates.Request.valid("gone", "EC", "gone.test")));
        TestCertificate before = made.get("before");
        TestCertificate after = made.get("after");
        TestCertificate gone = made.get("gone");
        assertThat(after.certificate().getSerialNumber()).isNotEqualTo(before.certificate().getSerialNumber());
        try (Backend backend = Backend.start("origin");
                RunningProxy proxy = RunningProxy.start(ETCD, settings(false))) {
            proxy.apply(certificate(certificate(new TraefikKeys()
                    .router("rot", "Host(`rot.test`)", "app").router("gone", "Host(`gone.test`)", "app")
                    .server("app", "one", backend.url()), "rot", before), "gone", gone).build());
            int port = port(proxy, "websecure");
            TlsClient rotClient = TlsClient.trusting(before.certificate(), after.certificate());
            TlsClient anyClient = TlsClient.trustingAnything();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    rotClient.fullHandshake(port, Optional.of("rot.test")).leaf()).isEqualTo(before.certificate()));
            assertThat(anyClient.fullHandshake(port, Optional.of("gone.test")).leaf()).isEqualTo(gone.certificate());

            Seen rot = new Seen();
            Seen removed = new Seen();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService load = Executors.newFixedThreadPool(2);
            try (KeptAliveTls rotKept = rotClient.open(port, Optional.of("rot.test"));
                    KeptAliveTls goneKept = anyClient.open(port, Optional.of("gone.test"))) {
                assertThat(rotKept.get("rot.test", "/").status()).isEqualTo(200);
                assertThat(goneKept.get("gone.test", "/").status()).isEqualTo(200);
                Future<?> rotLoad = load.submit(() -> handshakes(rotClient, port, "rot.test", rot, stop));
                Future<?> goneLoad = load.submit(() -> handshakes(anyClient, port, "gone.test", removed, stop));
                await().atMost(LOAD_BOUND).until(() -> rot.leaves().size() >= AFTER_CHANGE
                        && removed.leaves().size() >= AFTER_CHANGE);

                proxy.put(certificate(new TraefikKeys(), "rot", after).build());
                proxy.awaitRevision(proxy.delete(TLS + "certificates/gone/certFile",
                        TLS + "certificates/gone/keyFile"));
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertThat(rotClient.fullHandshake(port, Optional.of("rot.test")).leaf())
                            .isEqualTo(after.certificate());
                    assertThat(anyClient.fullHandshake(port, Optional.of("gone.test")).leaf()
                            .getSubjectX500Principal().getName()).isEqualTo(DEFAULT_CN);
                });
                int rotBefore = rot.leaves().size();
                int goneBefore = removed.leaves().size();
                await().atMost(LOAD_BOUND).until(() -> rot.leaves().size() >= rotBefore + AFTER_CHANGE
                        && removed.leaves().size() >= goneBefore + AFTER_CHANGE);
                stop.set(true);
                rotLoad.get(LOAD_BOUND.toSeconds(), TimeUnit.SECONDS);
                goneLoad.get(LOAD_BOUND.toSeconds(), TimeUnit.SECONDS);

                assertThat(rot.failures()).as("failed handshakes to rot.test").isEmpty();
                assertThat(removed.failures()).as("failed handshakes to gone.test").isEmpty();
                assertThat(rot.leaves()).contains(before.certificate(), after.certificate());
                assertThat(List.copyOf(rot.leaves()).subList(rotBefore, rot.leaves().size()))
                        .as("rot.test once the new certificate was seen served").containsOnly(after.certificate());
                assertThat(removed.leaves()).contains(gone.certificate());
                assertThat(List.copyOf(removed.leaves()).subList(goneBefore, removed.leaves().size()))
                        .as("gone.test once its certificate was removed").allSatisfy(leaf -> assertThat(
                                leaf.getSubjectX500Principal().getName()).isEqualTo(DEFAULT_CN));

                assertThat(rotKept.get("rot.test", "/").status()).as("a connection established before").isEqualTo(200);
                assertThat(rotKept.leaf()).isEqualTo(before.certificate());
                assertThat(goneKept.get("gone.test", "/").status()).as("a connection established before")
                        .isEqualTo(200);
                assertThat(goneKept.leaf()).isEqualTo(gone.certificate());
            } finally {
                stop.set(true);
                load.shutdownNow();
                assertThat(load.awaitTermination(LOAD_BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
            }
            assertThat(TlsClient.trusting(after.certificate()).get(port, Optional.of("rot.test"), "rot.test", "/"))
                    .startsWith("HTTP/1.1 200");
        }
    }

    /** New TLS connections to {@code host}, full handshakes, until stopped or {@link #MAX_HANDSHAKES}. */
    private static void handshakes(TlsClient client, int port, String host, Seen seen, AtomicBoolean stop) {
        long deadline = System.nanoTime() + LOAD_BOUND.toNanos();
        for (int i = 0; i < MAX_HANDSHAKES && !stop.get() && System.nanoTime() < deadline; i++) {
            try {
                seen.leaves().add(client.fullHandshake(port, Optional.of(host)).leaf());
            } catch (IOException | RuntimeException e) {
                seen.failures().add(e.toString());
            }
        }
    }

    @Test
    void certificatesAndOptionsAddedAfterTheStartServeThroughTheWatchAndAgainAfterARelist(@TempDir Path dir)
            throws Exception {
        TestCertificate b = TlsFixtures.b();
        try (Backend backend = Backend.start("origin");
                RunningProxy proxy = RunningProxy.start(ETCD, settings(false))) {
            proxy.apply(new TraefikKeys().router("app", "Host(`b.test`)", "app")
                    .routerKey("app", "tls/options", "modern").server("app", "one", backend.url()).build());
            int port = port(proxy, "websecure");
            TlsClient client = TlsClient.trusting(b.certificate());
            TlsClient anyServer = TlsClient.trustingAnything();
            assertNothingFromTheStore(proxy, client, anyServer, port);

            Map<String, String> tls = certificate(new TraefikKeys(), "b", b)
                    .put(TLS + "options/modern/minVersion", "VersionTLS12")
                    .put(TLS + "options/default/sniStrict", "true").build();
            proxy.apply(tls);
            assertServedFromTheStore(proxy, client, anyServer, port, b);

            Path backup = dir.resolve("with-tls.db");
            ETCD.saveSnapshot(backup);
            proxy.awaitRevision(proxy.delete(tls.keySet().toArray(String[]::new)));
            assertNothingFromTheStore(proxy, client, anyServer, port);

            ETCD.restore(backup);
            assertServedFromTheStore(proxy, client, anyServer, port, b);
        }
    }

    /**
     * The router's options do not exist: it is left out, TLS connections for its host are closed (as Traefik closes
     * them), and the generated certificate is served to any other name.
     */
    private static void assertNothingFromTheStore(RunningProxy proxy, TlsClient client, TlsClient anyServer,
            int port) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(IOException.class).untilAsserted(() -> {
            assertThatThrownBy(() -> anyServer.fullHandshake(port, Optional.of("b.test")))
                    .isInstanceOf(IOException.class);
            assertThat(anyServer.fullHandshake(port, Optional.of("unknown.test")).leaf().getSubjectX500Principal()
                    .getName()).isEqualTo(DEFAULT_CN);
        });
        assertThat(proxy.runtime().snapshot().routing().exclusions())
                .anySatisfy(exclusion -> assertThat(exclusion.toLine()).contains("app").contains("modern"));
    }

    /** The certificate and both options are served: b.test routed with its certificate, an unknown SNI refused. */
    private static void assertServedFromTheStore(RunningProxy proxy, TlsClient client, TlsClient anyServer, int port,
            TestCertificate b) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(IOException.class).untilAsserted(() -> {
            assertThat(client.fullHandshake(port, Optional.of("b.test")).leaf()).isEqualTo(b.certificate());
            assertThat(client.get(port, Optional.of("b.test"), "b.test", "/")).startsWith("HTTP/1.1 200");
            assertThatThrownBy(() -> anyServer.fullHandshake(port, Optional.of("unknown.test")))
                    .isInstanceOf(IOException.class);
        });
        assertThat(proxy.runtime().tls().served()).anySatisfy(served -> assertThat(served.id()).isEqualTo("b"));
    }
}
