package io.kvroute.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStores;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.kv.testing.Measured;
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
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs {@code kvroute agent} from each jar it ships in, the shaded {@code target/kvroute.jar} and the agent-only
 * {@code agent/target/kvroute-agent.jar} the launcher runs it from, as a process against a real etcd: keys appear,
 * SIGTERM drains and deletes them after the grace, SIGKILL leaves them to expire with the TTL, {@code --help} teaches
 * every flag of CLI.md (the same text from both jars), and a bad flag is one line with exit code 2.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"target/kvroute.jar", "../agent/target/kvroute-agent.jar"})
class AgentCommandIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    private static final Path FULL_JAR = Path.of("target", "kvroute.jar");
    private static final Duration TTL = Duration.ofSeconds(3);
    private static final Duration GRACE = Duration.ofSeconds(1);
    private static final Duration POLL = Duration.ofMillis(20);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Parameter
    Path jar;

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private KvStore etcd;
    private String prefix;
    private Path servicesFile;
    private Path err;
    private int healthPort;

    @BeforeEach
    void prepare() throws IOException {
        prefix = "t" + UUID.randomUUID().toString().substring(0, 8);
        servicesFile = Files.writeString(dir.resolve("services.yml"), "services:\n  - name: api\n"
                + "    rule: Host(`api.example.com`)\n    servers:\n      - url: http://127.0.0.1:9001\n        weight: 2\n");
        err = dir.resolve("agent-err.txt");
        healthPort = freePort();
        etcd = KvStores.open(ETCD.settings());
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        for (Process process : processes) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        etcd.close();
    }

    private List<String> java(String... args) {
        return java(jar, args);
    }

    private static List<String> java(Path jar, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** Starts {@code kvroute agent} on the test etcd with the services file, node n1 and a 3 s TTL. */
    private Process startAgent(String... extra) throws IOException {
        List<String> command = java("agent", "--etcd.endpoint=" + ETCD.endpoint(), "--prefix", prefix,
                "--services", servicesFile.toString(), "--node-name", "n1", "--ttl", TTL.toSeconds() + "s",
                "--drain-grace", GRACE.toMillis() + "ms", "--health.address", "127.0.0.1:" + healthPort);
        command.addAll(List.of(extra));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(err.toFile()).start();
        processes.add(process);
        return process;
    }

    private record Run(int exitCode, String out, String err) {
    }

    private Run run(String... args) throws Exception {
        return run(jar, args);
    }

    private static Run run(Path jar, String... args) throws Exception {
        Process process = new ProcessBuilder(java(jar, args)).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("kvroute " + String.join(" ", args) + " did not finish within 60 s");
        }
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private Map<String, String> stored() {
        Map<String, String> pairs = new TreeMap<>();
        for (KvPair pair : etcd.list(prefix + "/").pairs()) {
            pairs.put(pair.key(), pair.value());
        }
        return pairs;
    }

    private Map<String, String> apiKeys(String weight) {
        String server = prefix + "/http/services/api/loadBalancer/servers/n1--api-127-0-0-1-9001";
        return Map.of(prefix + "/http/routers/api/rule", "Host(`api.example.com`)",
                prefix + "/http/routers/api/service", "api",
                server + "/url", "http://127.0.0.1:9001", server + "/weight", weight);
    }

    private int healthStatus() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/health"))
                .timeout(Duration.ofSeconds(2)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private String agentOutput() throws IOException {
        return Files.readString(err, StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void sigtermDrainsThenDeletesTheKeysAfterTheGrace() throws Exception {
        long start = System.nanoTime();
        Process agent = startAgent();
        await().atMost(Duration.ofSeconds(30)).pollInterval(POLL).until(() -> stored().equals(apiKeys("2")));
        long appeared = Measured.millisSince(start);
        await().atMost(Duration.ofSeconds(5)).pollInterval(POLL).ignoreExceptions().until(() -> healthStatus() == 200);

        long term = System.nanoTime();
        agent.destroy();
        await().atMost(GRACE).pollInterval(POLL).until(() -> stored().equals(apiKeys("0")));
        long drained = Measured.millisSince(term);
        await().atMost(GRACE.plusSeconds(2)).pollInterval(POLL).until(() -> stored().isEmpty());
        long removed = Measured.millisSince(term);

        assertThat(agent.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(agent.exitValue()).isEqualTo(143);
        assertThat(removed).isGreaterThanOrEqualTo(GRACE.toMillis()).isLessThan(TTL.toMillis());
        assertThat(agentOutput()).contains("agent n1 stopped: keys deleted, lease revoked").doesNotContain("\tat ");
        Measured.report("process SIGTERM: keys appeared %d ms after the process started (JVM start included); "
                + "weight 0 after %d ms, keys removed %d ms after SIGTERM (grace %d ms)", appeared, drained, removed,
                GRACE.toMillis());
    }

    @Test
    void sigkillLeavesTheKeysToExpireWithinTheTtl() throws Exception {
        Process agent = startAgent();
        await().atMost(Duration.ofSeconds(30)).pollInterval(POLL).until(() -> stored().equals(apiKeys("2")));

        long kill = System.nanoTime();
        agent.destroyForcibly();
        assertThat(agent.waitFor(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(TTL.plusSeconds(1)).pollInterval(POLL).until(() -> stored().isEmpty());
        Measured.report("process SIGKILL: keys gone %d ms after SIGKILL (TTL %d ms)", Measured.millisSince(kill), TTL.toMillis());
    }

    @Test
    void aStoreThatRefusesConnectionsIsAWarningAtOnceAndTheAgentKeepsRunning() throws Exception {
        List<String> command = java("agent", "--etcd.endpoint=127.0.0.1:1", "--services",
                servicesFile.toString(), "--node-name", "n1", "--health.address", "127.0.0.1:" + healthPort);
        Process agent = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(err.toFile()).start();
        processes.add(agent);

        await().atMost(Duration.ofSeconds(30)).pollInterval(POLL).until(() -> agentOutput()
                .contains("kvroute agent: warning: etcd: connection refused at 127.0.0.1:1 (is etcd running there? "
                        + "start it, or give its address in --etcd.endpoint); retrying until it answers\n"));
        assertThat(agent.isAlive()).isTrue();
        assertThat(healthStatus()).isEqualTo(503);
        assertThat(agentOutput()).doesNotContain("\tat ");
    }

    @Test
    void aStoreThatAcceptsButNeverAnswersIsAWarningAfterTheTimeoutAndTheAgentKeepsRunning() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<String> command = java("agent", "--etcd.endpoint=127.0.0.1:" + silent.getLocalPort(),
                    "--store.timeout=500ms", "--services", servicesFile.toString(), "--node-name", "n1",
                    "--health.address", "127.0.0.1:" + healthPort);
            Process agent = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(err.toFile()).start();
            processes.add(agent);

            await().atMost(Duration.ofSeconds(30)).pollInterval(POLL).until(() -> agentOutput()
                    .contains("kvroute agent: warning: etcd http://127.0.0.1:" + silent.getLocalPort()
                            + " has not answered within 1500 ms; retrying"));
            assertThat(agent.isAlive()).isTrue();
            assertThat(healthStatus()).isEqualTo(503);
            assertThat(agentOutput()).doesNotContain("connection refused").doesNotContain("\tat ");
        }
    }

    @Test
    void helpListsEveryAgentFlagOfTheContract() throws Exception {
        Run help = run("agent", "--help");

        assertThat(help.exitCode()).as(help.err()).isZero();
        assertThat(help.out()).contains("Usage: kvroute agent", "--prefix=P", "--layout=v3|v2|v1", "--node-name=N",
                "--host-ip=IP", "--ttl=DURATION", "--docker ", "--docker.endpoint=", "--docker.network=NAME",
                "--exposed-by-default[=true|false]", "--default-rule=TEMPLATE", "--services=FILE",
                "--drain-grace=DURATION", "--health.address=HOST:PORT", "--etcd ", "--etcd.endpoint=",
                "--consul ", "--consul.endpoint=", "Examples:", "kvroute agent --etcd.endpoint=10.0.0.5:2379 --docker",
                "Exit codes");
        assertThat(run("--help").out()).contains("agent ");
        assertThat(help.out()).as("the same help from kvroute.jar").isEqualTo(run(FULL_JAR, "agent", "--help").out());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--ttl=abc       | kvroute agent: Invalid value for option '--ttl': 'abc' (expected a duration such as 15s, "
                + "500ms, 1m30s, or a number of seconds)",
        "--layout=v4     | kvroute agent: Invalid value for option '--layout': 'v4' (expected: v3, v2 or v1)",
        "--ttl=500ms     | kvroute agent: --ttl: 500ms (expected: >= 1s)",
        "--node-name=N_1 | kvroute agent: --node-name: 'N_1' (expected: lower-case letters, digits and single '-', "
                + "starting with a letter, at most 63 characters)",
        "--host-ip=x.y   | kvroute agent: --host-ip: 'x.y' (expected: an IP address such as 10.0.0.7)",
        "--health.address=nope | kvroute agent: --health.address: 'nope' (expected [HOST]:PORT such as "
                + "127.0.0.1:8080, or :PORT for every address)"
    })
    void aBadFlagExitsTwoWithOneLineNamingIt(String flag, String line) throws Exception {
        Run run = run("agent", "--etcd.endpoint=" + ETCD.endpoint(), flag);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        List<String> lines = run.err().lines().toList();
        assertThat(lines.get(0)).isEqualTo(line);
        assertThat(lines.subList(1, lines.size())).allMatch(hint -> hint.equals("Try 'kvroute agent --help' for the flags."));
    }
}
