package io.kvroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a newcomer sees when {@code kvroute} cannot start: one line naming the flag and what to do, exit code 2 for
 * bad flags and 1 for what the machine refused (issue 16), run in-process as the jar runs it. Busy ports are real
 * sockets held on 127.0.0.1.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CliFailuresTest {
    private static final String BUSY = "address already in use (expected: a free port; stop what listens there or "
            + "choose another port)";

    @TempDir
    Path dir;

    private String servicesFile() throws IOException {
        return servicesFile("Host(`hello.localhost`)", "http://127.0.0.1:9001");
    }

    private String servicesFile(String rule, String url) throws IOException {
        Path file = dir.resolve("services.yaml");
        Files.writeString(file, """
                services:
                  - name: hello
                    rule: '%s'
                    servers:
                      - url: %s
                """.formatted(rule, url), StandardCharsets.UTF_8);
        return file.toString();
    }

    private static ServerSocket busyPort() throws IOException {
        return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = busyPort()) {
            return socket.getLocalPort();
        }
    }

    @Test
    void kvrouteWithoutACommandPrintsItsUsageOnStderrAndExitsTwo() {
        KvrouteRun run = KvrouteRun.of();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).first().isEqualTo(
                "kvroute: missing command (expected one of: agent, proxy, standalone, kv, version, help)");
        assertThat(run.errLines().get(1)).startsWith("Usage: kvroute ");
        assertThat(run.err()).contains("Commands:", "standalone");
    }

    @Test
    void kvWithoutASubcommandPrintsItsUsageOnStderrAndExitsTwo() {
        KvrouteRun run = KvrouteRun.of("kv");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).first()
                .isEqualTo("kvroute kv: missing command (expected one of: decode, lint, dump)");
        assertThat(run.errLines().get(1)).startsWith("Usage: kvroute kv ");
    }

    @Test
    void anUnknownOptionOfStandaloneIsReportedFirstWithTheFlagItResembles() {
        KvrouteRun run = KvrouteRun.of("standalone", "--servics=units/examples/hello.yaml");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly(
                "kvroute standalone: Unknown option: '--servics=units/examples/hello.yaml'",
                "Possible solutions: --services, --services.optional",
                "Try 'kvroute standalone --help' for the flags.");
    }

    @Test
    void anUnknownOptionOfProxyIsReportedBeforeTheMissingStore() {
        KvrouteRun run = KvrouteRun.of("proxy", "--etcd.endpont=127.0.0.1:2379", "--entrypoints.web.address",
                "127.0.0.1:8000");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly(
                "kvroute proxy: Unknown option: '--etcd.endpont=127.0.0.1:2379'",
                "Possible solutions: --etcd.endpoint",
                "Try 'kvroute proxy --help' for the flags.");
    }

    /** The proxy's --layout picks the syntax of routers without ruleSyntax (v3 or v2); v1 keys are always read. */
    @Test
    void aProxyLayoutOtherThanV3OrV2IsOneLineNamingTheFlag() {
        KvrouteRun run = KvrouteRun.of("proxy", "--layout=v1", "--etcd.endpoint=127.0.0.1:2379");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly(
                "kvroute proxy: Invalid value for option '--layout': 'v1' (expected: v3 or v2; v1 keys are always read)",
                "Try 'kvroute proxy --help' for the flags.");
    }

    @Test
    void aLogLevelKvrouteDoesNotKnowIsOneLineNamingTheFlagAndTheLevels() throws IOException {
        KvrouteRun run = KvrouteRun.of("standalone", "--log.level=verbose", "--services", servicesFile());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly(
                "kvroute standalone: Invalid value for option '--log.level': 'verbose' (expected: error, warn, info, "
                        + "debug or trace)",
                "Try 'kvroute standalone --help' for the flags.");
    }

    @Test
    void aBusyEntryPointIsARuntimeFailureNamingItsFlagAndAddress() throws IOException {
        try (ServerSocket busy = busyPort()) {
            KvrouteRun run = KvrouteRun.of("standalone", "--services", servicesFile(),
                    "--entrypoints.web.address=127.0.0.1:" + busy.getLocalPort());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.errLines()).containsExactly("kvroute standalone: --entrypoints.web.address=127.0.0.1:"
                    + busy.getLocalPort() + ": cannot listen: " + BUSY);
        }
    }

    @Test
    void aBusyEntryPointOfTheProxyGivenAsTwoArgumentsIsNamedTheSameWay() throws IOException {
        try (ServerSocket busy = busyPort()) {
            KvrouteRun run = KvrouteRun.of("proxy", "--etcd.endpoint=127.0.0.1:" + freePort(),
                    "--entrypoints.internal.address", "127.0.0.1:" + busy.getLocalPort());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.errLines()).containsExactly("kvroute proxy: --entrypoints.internal.address=127.0.0.1:"
                    + busy.getLocalPort() + ": cannot listen: " + BUSY);
        }
    }

    @Test
    void aBusyWebAddressIsARuntimeFailureNamingTheFlagNotAUsageError() throws IOException {
        try (ServerSocket busy = busyPort()) {
            KvrouteRun run = KvrouteRun.of("standalone", "--services", servicesFile(),
                    "--entrypoints.web.address=127.0.0.1:" + freePort(), "--web",
                    "--web.address=127.0.0.1:" + busy.getLocalPort());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.errLines()).containsExactly("kvroute standalone: --web.address=127.0.0.1:"
                    + busy.getLocalPort() + ": cannot listen: " + BUSY);
        }
    }

    @Test
    void aMissingServicesFileIsAStartUpFailureNamingTheFlagTheFileAndTheWayOut() throws IOException {
        String absent = dir.resolve("absent.yaml").toString();
        KvrouteRun run = KvrouteRun.of("standalone", "--services", absent,
                "--entrypoints.web.address=127.0.0.1:" + freePort());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("kvroute standalone: --services: " + absent
                + ": no such file (expected: a YAML file of services); --services.optional starts without it");
    }

    @Test
    void anInvalidServicesFileIsAStartUpFailureWithFileLineAndWhatWasExpected() throws IOException {
        String file = servicesFile("Host(`hello.localhost`)", "ftp://127.0.0.1:9001");
        KvrouteRun run = KvrouteRun.of("standalone", "--services", file, "--services.optional=false",
                "--entrypoints.web.address=127.0.0.1:" + freePort());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("kvroute standalone: --services: " + file
                + ":5: services[0].servers[0].url: \"ftp://127.0.0.1:9001\" (expected: an absolute http or https URL "
                + "with a host, e.g. http://10.0.0.7:8081)");
    }

    @Test
    void anAgentWithABadRuleInItsServicesFileSaysWhatWasExpectedOnceAndExitsOne() throws IOException {
        String file = servicesFile("Host(`hello.localhost`) # web", "http://127.0.0.1:9001");
        KvrouteRun run = KvrouteRun.of("agent", "--etcd.endpoint=127.0.0.1:" + freePort(), "--node-name=n1",
                "--health.address=127.0.0.1:0", "--services", file);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("kvroute agent: --services: " + file + ":3: services[0].rule: "
                + "\"Host(`hello.localhost`) # web\": column 25: unexpected character '#' (expected: a Traefik rule)");
    }

    @Test
    void servicesOptionalWithoutAServicesFileIsABadFlag() {
        KvrouteRun run = KvrouteRun.of("standalone", "--docker", "--services.optional",
                "--entrypoints.web.address=127.0.0.1:8000");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly(
                "kvroute standalone: --services.optional: given without --services (expected: --services=FILE with it)",
                "Try 'kvroute standalone --help' for the flags.");
    }
}
