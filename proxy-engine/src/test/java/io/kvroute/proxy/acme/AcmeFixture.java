package io.kvroute.proxy.acme;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.model.HttpConfig;
import io.kvroute.kv.model.RawSettings;
import io.kvroute.kv.model.Router;
import io.kvroute.kv.store.Backoff;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvTransaction;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** What the ACME ITs share: routers naming a resolver, storage settings, the HTTP-01 listener Pebble validates. */
public final class AcmeFixture {
    private AcmeFixture() {
    }

    /** A configuration whose router {@code name} asks resolver {@code resolver} for {@code Host(`host`)}. */
    /**
     * An HTTP-01 answerer that catches its proxy mid-order: the CA's validation request counts {@code validating} down
     * and hangs until {@code released} (at most 20 s), then fails with 503.
     */
    static HttpHandler validationHeld(CountDownLatch validating, CountDownLatch released) {
        return exchange -> exchange.dispatch(() -> {
            validating.countDown();
            try {
                released.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.setStatusCode(StatusCodes.SERVICE_UNAVAILABLE);
            exchange.endExchange();
        });
    }

    /**
     * Puts router {@code app} of a Traefik user's HTTPS configuration into {@code store}: {@code Host(host)} on
     * {@code websecure}, its certificate from {@code resolver}, its service's one server at {@code serverUrl}.
     */
    public static void putWebsecureRouter(KvStore store, String host, String resolver, String serverUrl) {
        store.commit(KvTransaction.builder()
                .put("traefik/http/routers/app/rule", "Host(`" + host + "`)")
                .put("traefik/http/routers/app/entryPoints/0", "websecure")
                .put("traefik/http/routers/app/service", "app")
                .put("traefik/http/routers/app/tls/certResolver", resolver)
                .put("traefik/http/services/app/loadBalancer/servers/0/url", serverUrl)
                .build());
    }

    static HttpConfig routerFor(String resolver, String host) {
        ObjectNode tls = JsonNodeFactory.instance.objectNode().put("certResolver", resolver);
        Router router = Router.of("r-" + host.replace('.', '-'), "Host(`" + host + "`)", "svc")
                .withTls(Optional.of(RawSettings.fromJson(tls)));
        return HttpConfig.of(List.of(router), List.of(), List.of());
    }

    /** A storage key file of 32 random-looking bytes in {@code dir}. */
    public static Path keyFile(Path dir) throws IOException {
        Path file = dir.resolve("acme-storage.key");
        Files.writeString(file, "k2VvZ0dQbXo0a1JtN2ZxV3JzQ2h2NnBMZ1E5dTNZQWE=\n");
        return file;
    }

    /** Storage under {@code prefix} with a short lock lease and quick retries, as tests need. */
    static AcmeStorageSettings storage(String prefix, Optional<Path> keyFile, Duration lockTtl) {
        return new AcmeStorageSettings(prefix, keyFile, lockTtl,
                new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(4)), Duration.ofMillis(100));
    }

    static AcmeResolverSettings resolver(String name, Pebble pebble) {
        return AcmeResolverSettings.http01(name, pebble.directory(), "web", AcmeKeyType.EC256,
                List.of(pebble.tlsCertificate()));
    }

    /** Whether {@code chain} (leaf first) chains to {@code root} by PKIX (no revocation checks: Pebble has none). */
    public static void verifyChain(List<X509Certificate> chain, X509Certificate root) throws Exception {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(chain), parameters);
    }

    /** The HTTP listener on Pebble's {@code httpPort}; its handler can be swapped while it runs. */
    static final class ChallengeListener implements AutoCloseable {
        private final AtomicReference<HttpHandler> handler = new AtomicReference<>(exchange -> {
            exchange.setStatusCode(StatusCodes.SERVICE_UNAVAILABLE);
            exchange.endExchange();
        });
        private final Undertow server;

        ChallengeListener(int port) {
            server = Undertow.builder().addHttpListener(port, "127.0.0.1")
                    .setHandler(exchange -> handler.get().handleRequest(exchange)).build();
            server.start();
        }

        void serve(HttpHandler next) {
            handler.set(next);
        }

        @Override
        public void close() {
            server.stop();
        }
    }
}
