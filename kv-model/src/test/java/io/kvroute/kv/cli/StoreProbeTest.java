package io.kvroute.kv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.store.StoreSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A store that is not running is said at once as a refused connection naming the endpoint and the flag (issue 16),
 * not as a timeout of the first call. The closed port is a real one: bound, then released.
 */
class StoreProbeTest {
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void kvLintAtAClosedEtcdPortSaysConnectionRefusedBeforeTheStoreTimeout() throws IOException {
        int port = closedPort();

        CliRun run = CliRun.of(new KvCommand(), "lint", "--etcd.endpoint=127.0.0.1:" + port, "--store.timeout=1m");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).containsExactly("kv lint: etcd: connection refused at 127.0.0.1:" + port
                + " (is etcd running there? start it, or give its address in --etcd.endpoint)");
    }

    @Test
    void kvDumpAtClosedConsulPortsNamesEachEndpointAndTheConsulFlag() throws IOException {
        int first = closedPort();
        int second = closedPort();

        CliRun run = CliRun.of(new KvCommand(), "dump",
                "--consul.endpoint=127.0.0.1:" + first + ",127.0.0.1:" + second);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).containsExactly("kv dump: consul: connection refused at 127.0.0.1:" + first
                + ", connection refused at 127.0.0.1:" + second
                + " (is consul running there? start it, or give its address in --consul.endpoint)");
    }

    @Test
    void anEndpointThatAcceptsIsLeftToTheStoreClient() throws IOException {
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            StoreSettings settings = StoreSettings.etcd("127.0.0.1:" + closedPort(),
                    "127.0.0.1:" + listening.getLocalPort());

            assertThat(StoreProbe.unreachable(settings)).isEmpty();
        }
    }

    @Test
    void theInProcessStoreIsNeverProbed() {
        assertThat(StoreProbe.unreachable(StoreSettings.memory())).isEmpty();
    }
}
