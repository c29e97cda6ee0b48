package io.kvroute.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's quick start, command for command: two {@code HelloBackend.java} backends, {@code kvroute standalone
 * --services units/examples/hello.yaml --entrypoints.web.address=127.0.0.1:8000 --web}, and a request for
 * {@code hello.localhost} that gets a 200 from them by weight (3:1); SIGTERM then drains and stops.
 */
class StandaloneQuickStartIT {
    private static final Path EXAMPLES = Path.of("..", "units", "examples");
    private final List<Process> started = new ArrayList<>();

    /** Starts a process whose output goes to {@code target/quickstart-<n>.log}, for reading after a failure. */
    private Process start(String... command) throws IOException {
        Path log = Path.of("target", "quickstart-" + started.size() + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(process);
        return process;
    }

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
    void theQuickStartServesHelloByWeightAndStopsCleanly() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        start(java, EXAMPLES.resolve("HelloBackend.java").toString(), "9001");
        start(java, EXAMPLES.resolve("HelloBackend.java").toString(), "9002");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int port : new int[] {9001, 9002}) {
            HttpRequest direct = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> client.send(direct, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        }
        Process kvroute = start(java, "-jar", Path.of("target", "kvroute.jar").toString(), "standalone",
                "--services", EXAMPLES.resolve("hello.yaml").toString(),
                "--entrypoints.web.address=127.0.0.1:8000", "--web");
        HttpRequest hello = HttpRequest.newBuilder(URI.create("http://127.0.0.1:8000/"))
                .header("Host", "hello.localhost").timeout(Duration.ofSeconds(5)).build();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> client.send(hello, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        Map<String, Integer> answers = new HashMap<>();
        for (int i = 0; i < 8; i++) {
            HttpResponse<String> response = client.send(hello, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            answers.merge(response.body().strip(), 1, Integer::sum);
        }
        HttpResponse<String> overview = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:8080/api/overview")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answers).containsEntry("hello from 9001", 6).containsEntry("hello from 9002", 2);
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body()).contains("\"routers\":{\"total\":1");
        kvroute.destroy();
        assertThat(kvroute.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
}
