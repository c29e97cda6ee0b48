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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kvroute standalone} from the shaded jar with Traefik's access log flags: {@code --accesslog} writes Traefik's
 * common lines to standard output among the log; {@code --accesslog.filepath} with {@code --accesslog.format=json}
 * writes JSON lines to the file (its directory created) and none to standard output; the lines are there when
 * SIGTERM has stopped the process. (Requests sent before the services file is routed are logged as 404s.)
 */
class AccessLogCommandIT {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stopEverythingStarted() throws InterruptedException {
        for (Process process : started) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void accesslogWritesCommonLinesToStandardOutput() throws Exception {
        try (Backend backend = Backend.start("hello")) {
            Path out = dir.resolve("stdout.txt");
            int port = freePort();
            Process kvroute = kvroute(out, backend, port, "--accesslog");

            HttpResponse<String> response = routedRequest(port);
            assertThat(response.body()).isEqualTo("hello");
            stop(kvroute, out);

            List<String> access = Files.readAllLines(out).stream().filter(line -> line.contains("\"GET /logged"))
                    .toList();
            assertThat(access).as("a line per request, 404s while the route was not there yet").isNotEmpty()
                    .allMatch(line -> line.contains(" 404 ") || line.contains(" 200 "));
            access = access.stream().filter(line -> line.contains(" 200 ")).toList();
            assertThat(access).hasSize(1);
            assertThat(access.get(0)).matches("127\\.0\\.0\\.1 - - \\[[^]]+] \"GET /logged\\?q=1 HTTP/1\\.1\" 200 5 "
                    + "\"-\" \"-\" \\d+ \"hello@memory\" \"" + backend.url().replace(".", "\\.") + "\" \\d+ms");
        }
    }

    @Test
    void accesslogFilepathWritesJsonLinesThereAndNoneToStandardOutput() throws Exception {
        try (Backend backend = Backend.start("hello")) {
            Path out = dir.resolve("stdout.txt");
            Path file = dir.resolve("logs/access.json");
            int port = freePort();
            Process kvroute = kvroute(out, backend, port, "--accesslog.filepath=" + file, "--accesslog.format=json",
                    "--accesslog.fields.names.ClientHost=drop", "--accesslog.fields.headers.names.User-Agent=keep");

            routedRequest(port);
            stop(kvroute, out);

            assertThat(Files.readString(out)).doesNotContain("/logged");
            List<String> lines = Files.readAllLines(file).stream()
                    .filter(line -> line.contains("\"DownstreamStatus\":200")).toList();
            assertThat(lines).as("the routed request; 404s came before the route").hasSize(1);
            JsonNode line = JSON.readTree(lines.get(0));
            assertThat(line.path("RequestPath").asText()).isEqualTo("/logged?q=1");
            assertThat(line.path("DownstreamStatus").asInt()).isEqualTo(200);
            assertThat(line.path("RouterName").asText()).isEqualTo("hello@memory");
            assertThat(line.path("request_User-Agent").asText()).isEqualTo("access-log-test");
            assertThat(line.has("ClientHost")).isFalse();
            assertThat(line.has("ClientAddr")).isTrue();
        }
    }

    private Process kvroute(Path out, Backend backend, int port, String... accessLogFlags) throws IOException {
        Path services = dir.resolve("services.yaml");
        Files.writeString(services, """
                services:
                  - name: hello
                    rule: Host(`hello.localhost`)
                    servers:
                      - url: %s
                """.formatted(backend.url()), StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", Path.of("target", "kvroute.jar").toString(),
                "standalone", "--services", services.toString(), "--entrypoints.web.address=127.0.0.1:" + port));
        command.addAll(List.of(accessLogFlags));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        started.add(process);
        return process;
    }

    private HttpResponse<String> routedRequest(int port) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/logged?q=1"))
                .header("Host", "hello.localhost").header("User-Agent", "access-log-test")
                .timeout(Duration.ofSeconds(5)).build();
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> http.send(request, HttpResponse.BodyHandlers.ofString()), r -> r.statusCode() == 200);
    }

    private static void stop(Process kvroute, Path out) throws Exception {
        kvroute.destroy();
        assertThat(kvroute.waitFor(30, TimeUnit.SECONDS)).as("stopped on SIGTERM; output:%n%s", Files.readString(out))
                .isTrue();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
