package io.kvroute.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStores;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.acme.AcmeCertificate;
import io.kvroute.proxy.acme.AcmeCertificateState;
import io.kvroute.proxy.acme.AcmeFixture;
import io.kvroute.proxy.acme.AcmeKeyType;
import io.kvroute.proxy.acme.AcmeManager;
import io.kvroute.proxy.acme.AcmeResolverSettings;
import io.kvroute.proxy.acme.AcmeStorageSettings;
import io.kvroute.proxy.acme.Pebble;
import io.kvroute.proxy.acme.RenewalState;
import io.kvroute.proxy.testing.Backend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kvroute proxy} from the shaded jar with Traefik's resolver flags, {@code LEGO_CA_CERTIFICATES} trusting
 * Pebble, and its entry point {@code web} on the port Pebble validates HTTP-01 on: a router with
 * {@code tls.certResolver} in etcd gets its certificate, another proxy of the store (an {@link AcmeManager} in the
 * test) holds it without ordering, and the challenge path is answered before routing.
 */
class AcmeProxyCommandIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    private static final Path JAR = Path.of("target", "kvroute.jar");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void a_router_naming_the_resolver_gets_a_certificate_shared_through_etcd() throws Exception {
        Path out = dir.resolve("kvroute.log");
        Path keyFile = AcmeFixture.keyFile(dir);
        try (Pebble pebble = Pebble.start(dir, Optional.empty()); Backend backend = Backend.start("backend");
                KvStore store = KvStores.open(ETCD.settings())) {
            store.commit(KvTransaction.builder()
                    .put("traefik/http/routers/shop/rule", "Host(`shop.kvroute.test`)")
                    .put("traefik/http/routers/shop/service", "app")
                    .put("traefik/http/routers/shop/tls/certResolver", "le")
                    .put("traefik/http/routers/all/rule", "PathPrefix(`/`)")
                    .put("traefik/http/routers/all/service", "app")
                    .put("traefik/http/services/app/loadBalancer/servers/one/url", backend.url())
                    .build());
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString(),
                    "proxy", "--etcd.endpoint=" + ETCD.endpoint(),
                    "--entrypoints.web.address=127.0.0.1:" + pebble.httpPort(),
                    "--certificatesresolvers.le.acme.caServer=" + pebble.directory(),
                    "--certificatesresolvers.le.acme.httpChallenge.entryPoint=web",
                    "--certificatesresolvers.le.acme.keyType=EC256",
                    "--acme.storage.keyFile=" + keyFile));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
            builder.environment().put("LEGO_CA_CERTIFICATES", pebble.tlsCertificate().toString());
            Process proxy = builder.start();
            AcmeResolverSettings resolver = AcmeResolverSettings.http01("le", pebble.directory(), "web",
                    AcmeKeyType.EC256, List.of(pebble.tlsCertificate()));
            try (AcmeManager otherProxy = AcmeManager.start(store, List.of(resolver),
                    AcmeStorageSettings.defaults(Optional.of(keyFile)), Clock.systemUTC())) {
                AcmeCertificate certificate = await().atMost(Duration.ofSeconds(60))
                        .until(() -> otherProxy.snapshot().certificates().stream()
                                .flatMap(state -> state.certificate().stream()).findFirst(), Optional::isPresent)
                        .orElseThrow();

                assertThat(certificate.domains().names()).containsExactly("shop.kvroute.test");
                AcmeFixture.verifyChain(certificate.chain(), pebble.root());
                assertThat(otherProxy.snapshot().certificates()).extracting(AcmeCertificateState::state)
                        .containsExactly(RenewalState.UNUSED);
                assertThat(pebble.orders()).isEqualTo(1);
                assertThat(get(pebble.httpPort(), "/").body()).isEqualTo("backend");
                assertThat(get(pebble.httpPort(), "/.well-known/acme-challenge/unknown").statusCode())
                        .as("the challenge path is answered before routing").isEqualTo(404);
            } finally {
                proxy.destroy();
                assertThat(proxy.waitFor(30, TimeUnit.SECONDS)).as("stopped; log:%n%s",
                        Files.readString(out, StandardCharsets.UTF_8)).isTrue();
            }
        }
    }

    @Test
    void bad_acme_flags_exit_two_with_one_line_naming_the_flag() throws Exception {
        Path shortKey = Files.writeString(dir.resolve("short.key"), "short");

        assertThat(failedRun("--entrypoints.web.address=127.0.0.1:" + Pebble.freePort(),
                "--certificatesresolvers.le.acme.httpChallenge.entryPoint=websecure")).containsExactly(
                "kvroute proxy: --certificatesresolvers.le.acme.httpChallenge.entryPoint=websecure: no such entry "
                        + "point (expected one of [web])", "Try 'kvroute proxy --help' for the flags.");
        assertThat(failedRun("--entrypoints.web.address=127.0.0.1:" + Pebble.freePort(),
                "--certificatesresolvers.le.acme.httpChallenge.entryPoint=web",
                "--acme.storage.keyFile=" + shortKey)).containsExactly(
                "kvroute proxy: --acme.storage.keyFile=" + shortKey + ": 5 bytes (expected at least 32 bytes of "
                        + "secret, e.g. head -c 32 /dev/urandom | base64)",
                "Try 'kvroute proxy --help' for the flags.");
    }

    /** Runs {@code kvroute proxy} on etcd expecting exit code 2; returns its output lines that are not log lines. */
    private List<String> failedRun(String... flags) throws Exception {
        Path out = Files.createTempFile(dir, "kvroute", ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString(),
                "proxy", "--etcd.endpoint=" + ETCD.endpoint()));
        command.addAll(List.of(flags));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kvroute finished").isTrue();
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isEqualTo(2);
        return output.lines().filter(line -> !line.isBlank())
                .filter(line -> !line.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d+ .*")).toList();
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()),
                response -> response.statusCode() != 503);
    }
}
