package io.kvroute.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStores;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.testing.Backend;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code kvroute proxy} from the shaded jar: routes from etcd, answers /ping and /metrics, stops on SIGTERM. */
class ProxyCommandIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    private static final Path JAR = Path.of("target", "kvroute.jar");
    private static final Duration GRACE = Duration.ofSeconds(10);
    /** The line the command line adds after every flag error. */
    private static final String HELP_HINT = "Try 'kvroute proxy --help' for the flags.";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static Process kvroute(Path out, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }

    @Test
    void routesFromEtcdServesWebAndStopsOnSigterm() throws Exception {
        int web = freePort();
        int admin = freePort();
        Path out = Files.createTempFile("kvroute-proxy", ".log");
        try (Backend backend = Backend.start("backend"); KvStore store = KvStores.open(ETCD.settings())) {
            store.commit(KvTransaction.builder()
                    .put("traefik/http/routers/all/rule", "PathPrefix(`/`)")
                    .put("traefik/http/routers/all/service", "app")
                    .put("traefik/http/services/app/loadBalancer/servers/one/url", backend.url())
                    .build());
            Process proxy = kvroute(out, "proxy", "--etcd.endpoint=" + ETCD.endpoint(),
                    "--entrypoints.web.address=127.0.0.1:" + web, "--web", "--web.address=127.0.0.1:" + admin);
            try {
                HttpResponse<String> routed = await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                        .until(() -> get(web, "/hello"), r -> r.statusCode() == 200);
                assertThat(routed.body()).isEqualTo("backend");
                assertThat(get(admin, "/ping").body()).isEqualTo("OK");
                HttpResponse<String> metrics = get(admin, "/metrics");
                assertThat(metrics.statusCode()).isEqualTo(200);
                assertThat(metrics.body()).contains("kvroute_requests_seconds_count").contains("kvroute_store_connected 1.0");

                proxy.destroy();

                assertThat(proxy.waitFor(GRACE.toSeconds() + 5, TimeUnit.SECONDS))
                        .as("exited within the shutdown grace; log:%n%s", Files.readString(out)).isTrue();
                assertThat(Files.readString(out)).contains("stopped");
                assertThat(proxy.exitValue()).isEqualTo(143);
            } finally {
                proxy.destroyForcibly();
                Files.deleteIfExists(out);
            }
        }
    }

    @Test
    void aBadEntryPointAddressExitsTwoNamingTheFlag() throws Exception {
        List<String> lines = failedRun(2, "proxy", "--etcd.endpoint=" + ETCD.endpoint(), "--entrypoints.web.address=x");

        assertThat(lines).containsExactly(
                "kvroute proxy: --entrypoints.web.address: 'x' (expected [HOST]:PORT such as 127.0.0.1:8080, "
                        + "or :PORT for every address)", HELP_HINT);
    }

    @Test
    void aWebAddressBeyondLoopbackWithoutAuthExitsTwoNamingTheFlag() throws Exception {
        int admin = freePort();
        List<String> lines = failedRun(2, "proxy", "--etcd.endpoint=" + ETCD.endpoint(),
                "--entrypoints.web.address=127.0.0.1:" + freePort(), "--web", "--web.address=0.0.0.0:" + admin);

        assertThat(lines).containsExactly("kvroute proxy: --web.address: 0.0.0.0:" + admin + " is reachable beyond this "
                + "machine and no user is configured (expected: a loopback address such as 127.0.0.1:8080, or "
                + "--web.auth.basic=USER:HASH or --web.auth.usersfile=FILE)", HELP_HINT);
    }

    /** Runs kvroute expecting {@code exitCode}; returns its non-blank output lines that are not log lines. */
    private static List<String> failedRun(int exitCode, String... args) throws Exception {
        Path out = Files.createTempFile("kvroute-proxy", ".log");
        try {
            Process process = kvroute(out, args);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kvroute finished").isTrue();
            String output = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(output).isEqualTo(exitCode);
            assertThat(output).doesNotContain("\tat ");
            return output.lines().filter(line -> !line.isBlank())
                    .filter(line -> !line.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d+ .*")).toList();
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
