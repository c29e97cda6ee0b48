package io.kvroute.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kvroute standalone} without {@code --entrypoints.NAME.address}, from the shaded jar: Traefik's {@code :80}
 * as root, {@code :8000} and one log line saying why as a user who may not bind ports below 1024 (issue 16). Each
 * run gets a network namespace of its own ({@code unshare --net}), so both ports are free whatever else the machine
 * runs; the user is {@code nobody}, by {@code setpriv}.
 */
class StandaloneDefaultEntryPointIT {
    private static final Path JAR = Path.of("target", "kvroute.jar").toAbsolutePath();
    private static final Duration START = Duration.ofSeconds(60);
    private static final String NOBODY = "65534";
    private static final String NOTICE = "no --entrypoints.NAME.address given and this process may not bind ports "
            + "below 1024 (root or CAP_NET_BIND_SERVICE): entry point web listens on :8000 instead of Traefik's :80";

    /** The log line of the entry point bound on every address (IPv4 or dual-stack), up to the port. */
    private static final String SERVING_WEB_ON = "serving entry point web \\(http, h2c, and https, h2 by ALPN\\) on "
            + "/(0\\.0\\.0\\.0|\\[0:0:0:0:0:0:0:0\\]):";

    @TempDir
    Path dir;

    private Path services;
    /** The jar, copied where {@code nobody} can read it (the checkout may sit under a directory only root enters). */
    private Path jar;

    @BeforeEach
    void readableServicesFile() throws IOException {
        Prerequisites.requireRootWith("the standalone default entry point test", List.of("unshare", "setpriv", "ip"),
                "scripts/test runs as root; util-linux and iproute2 provide unshare, setpriv and ip");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        services = dir.resolve("services.yaml");
        Files.writeString(services, """
                services:
                  - name: hello
                    rule: Host(`hello.localhost`)
                    servers:
                      - url: http://127.0.0.1:9001
                """, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(services, PosixFilePermissions.fromString("rw-r--r--"));
        jar = Files.copy(JAR, dir.resolve("kvroute.jar"));
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
    }

    @Test
    void asRootItListensOnTraefiksPort80() throws Exception {
        String output = runUntilServing(List.of());

        assertThat(output).containsPattern(SERVING_WEB_ON + "80\n").doesNotContain(NOTICE);
    }

    @Test
    void asAUserWithoutCapNetBindServiceItListensOn8000AndSaysSo() throws Exception {
        String output = runUntilServing(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
                "--clear-groups"));

        assertThat(output).contains("StandaloneCommand - " + NOTICE + "\n").containsPattern(SERVING_WEB_ON + "8000\n");
    }

    /** Runs standalone in a network namespace of its own, as {@code asUser} says, until it serves; its output. */
    private String runUntilServing(List<String> asUser) throws Exception {
        Path out = dir.resolve("standalone.log");
        List<String> command = new ArrayList<>(List.of("unshare", "--net", "--", "sh", "-c",
                "ip link set lo up && exec \"$@\"", "sh"));
        command.addAll(asUser);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "standalone", "--services", services.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            await().atMost(START).until(() -> Files.readString(out).contains("serving entry point web")
                    || !process.isAlive());
            return Files.readString(out);
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
