package io.kvroute.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live edit of the services file of {@code kvroute standalone}, run as users run the jar (issue 16): a broken edit
 * keeps the last good service routed and shows as an error with file and line on the dashboard's Problems
 * ({@code /api/kvroute/state}) until a good edit replaces it.
 */
class StandaloneServicesFileIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void aBrokenEditKeepsTheLastGoodServiceAndIsAProblemUntilFixed() throws Exception {
        try (Backend backend = Backend.start("hello")) {
            Path services = dir.resolve("services.yaml");
            write(services, "hello.localhost", backend.url());
            int entryPort = freePort();
            int webPort = freePort();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process kvroute = new ProcessBuilder(java, "-jar", Path.of("target", "kvroute.jar").toString(),
                    "standalone", "--services", services.toString(), "--entrypoints.web.address=127.0.0.1:" + entryPort,
                    "--web", "--web.address=127.0.0.1:" + webPort)
                    .redirectErrorStream(true).redirectOutput(Path.of("target", "services-file-live.log").toFile())
                    .start();
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                        .until(() -> status(entryPort, "hello.localhost") == 200);

                write(services, "hello.localhost", "ftp://127.0.0.1:" + backend.port());

                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                        .until(() -> !problemsOf(webPort, services).isEmpty());
                JsonNode problem = problemsOf(webPort, services).get(0);
                assertThat(problem.path("severity").asText()).isEqualTo("error");
                assertThat(problem.path("key").asText()).isEqualTo(services + ":5");
                assertThat(problem.path("reason").asText()).as("named after the agent, from its status key")
                        .matches("agent [^ ]+: .*").endsWith(": services[0].servers[0].url: \"ftp://127.0.0.1:"
                        + backend.port() + "\" (expected: an absolute http or https URL with a host, e.g. "
                        + "http://10.0.0.7:8081); the last good services stay registered");
                assertThat(status(entryPort, "hello.localhost")).as("the last good service").isEqualTo(200);

                write(services, "fixed.localhost", backend.url());

                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                        .until(() -> status(entryPort, "fixed.localhost") == 200);
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                        .untilAsserted(() -> assertThat(problemsOf(webPort, services))
                                .as("cleared by the agent's next status key, which may come after the routes")
                                .isEmpty());
            } finally {
                kvroute.destroy();
                if (!kvroute.waitFor(20, TimeUnit.SECONDS)) {
                    kvroute.destroyForcibly();
                }
            }
        }
    }

    /** A services file of one service {@code hello} for {@code host} with one server, written in one move. */
    private void write(Path services, String host, String url) throws IOException {
        Path temporary = dir.resolve("services.yaml.tmp");
        Files.writeString(temporary, """
                services:
                  - name: hello
                    rule: Host(`%s`)
                    servers:
                      - url: %s
                """.formatted(host, url), StandardCharsets.UTF_8);
        Files.move(temporary, services, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private int status(int entryPort, String host) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + entryPort + "/"))
                .header("Host", host).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The dashboard's problems whose key is a line of {@code services}. */
    private List<JsonNode> problemsOf(int webPort, Path services) throws IOException, InterruptedException {
        HttpResponse<String> state = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + webPort + "/api/kvroute/state")).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(state.statusCode()).isEqualTo(200);
        return StreamSupport.stream(JSON.readTree(state.body()).path("problems").spliterator(), false)
                .filter(problem -> problem.path("key").asText().startsWith(services + ":")).toList();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
