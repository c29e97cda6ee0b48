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
        Path file = dir.resolve("services.yaml");
        Files.writeString(file, """
                services:
                  - name: hello
                    rule: Host(`hello.localhost`)
                    servers:
                      - url: http://127.0.0.1:9001
                """, StandardCharsets.UTF_8);
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
                "Possible solutions: --services",
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
}
