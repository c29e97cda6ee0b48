package io.kvroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStores;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.kv.testing.TraefikVectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the shaded {@code target/kvroute.jar} the way users do. Catches packaging faults no unit test sees: a jar
 * without merged {@code META-INF/services} makes jetcd hang, a missing main class or logging config.
 */
class KvrouteJarIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    private static final Path JAR = Path.of("target", "kvroute.jar");

    record Run(int exitCode, String out, String err) {
    }

    private static Run kvroute(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("kvroute-out", ".txt");
        Path err = Files.createTempFile("kvroute-err", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("kvroute " + String.join(" ", args) + " did not finish within 60 s");
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void helpTeachesTheCommands() throws Exception {
        Run run = kvroute("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: kvroute").contains("kv ").contains("Exit codes");
    }

    @Test
    void decodesAVectorFile(@TempDir Path dir) throws Exception {
        Path vector = Files.writeString(dir.resolve("vector.json"),
                TraefikVectors.load("v3_11_DERIVED_sparse_nonnumeric_server_ids.json").toString());

        Run run = kvroute("kv", "decode", vector.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"http://10.0.0.1:8080\"").contains("\"problems\" : [ ]");
    }

    @Test
    void lintsAndDumpsARealEtcd() throws Exception {
        try (KvStore store = KvStores.open(ETCD.settings())) {
            store.commit(KvTransaction.builder()
                    .put("/traefik/backends/backend1/servers/server1/url", "http://127.0.0.1:8081")
                    .put("/traefik/frontends/frontend1/backend", "backend1")
                    .put("/traefik/frontends/frontend1/routes/r/rule", "Host:nginx.example.com")
                    .put("traefik/http/routers/web/rule", "Host(`a`")
                    .put("traefik/http/routers/web/service", "backend1")
                    .build());
        }

        Run lint = kvroute("kv", "lint", "--etcd.endpoint=" + ETCD.endpoint());
        Run dump = kvroute("kv", "dump", "--etcd.endpoint=" + ETCD.endpoint());

        assertThat(lint.exitCode()).as(lint.err()).isEqualTo(1);
        assertThat(lint.out()).contains("error traefik/http/routers/web/rule=\"Host(`a`\": rule: column 9");
        assertThat(dump.exitCode()).as(dump.err()).isZero();
        assertThat(dump.out()).contains("\"/traefik/frontends/frontend1/routes/r/rule\" : \"Host:nginx.example.com\"");
    }

    @Test
    void anUnreachableStoreIsOneLineAndExitCodeOne() throws Exception {
        Run run = kvroute("kv", "lint", "--etcd.endpoint=127.0.0.1:1", "--store.timeout=1s");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("kvroute kv lint: etcd: connection refused at 127.0.0.1:1 (is etcd running "
                + "there? start it, or give its address in --etcd.endpoint)\n");
    }
}
