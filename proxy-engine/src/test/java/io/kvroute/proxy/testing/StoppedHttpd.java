package io.kvroute.proxy.testing;

import static org.awaitility.Awaitility.await;

import io.kvroute.kv.testing.ProcessSignals;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real HTTP server process hung by SIGSTOP: {@code busybox httpd} on 127.0.0.1, started, seen listening, then
 * stopped by its PID. The kernel still accepts connections on its socket and nothing answers, as with a frozen or
 * swapped-out server. Without busybox the test is skipped, or fails with {@code CI=true}. Closing it continues and
 * ends the process.
 */
public final class StoppedHttpd implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final int port;
    private final Path root;

    private StoppedHttpd(Path busybox) throws IOException {
        root = Files.createTempDirectory("stopped-httpd");
        Files.writeString(root.resolve("index.html"), "stopped\n");
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        process = new ProcessBuilder(busybox.toString(), "httpd", "-f", "-p", "127.0.0.1:" + port, "-h",
                root.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        await().atMost(START_TIMEOUT).until(this::listening);
        signal("-STOP");
    }

    /** Starts busybox httpd and stops it with SIGSTOP once it listens. */
    public static StoppedHttpd start() {
        Optional<Path> busybox = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, "busybox")).filter(Files::isExecutable)
                .findFirst();
        if (busybox.isEmpty()) {
            String message = "busybox not found on PATH (scripts/test installs busybox-static)";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(message + " (CI=true: failing instead of skipping)");
            }
            Assumptions.abort(message);
        }
        try {
            return new StoppedHttpd(busybox.get());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start busybox httpd", e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    private boolean listening() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private void signal(String signal) {
        ProcessSignals.send(process, signal);
    }

    @Override
    public void close() throws IOException {
        signal("-CONT");
        process.destroy();
        try {
            if (!process.waitFor(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(root.resolve("index.html"));
        Files.deleteIfExists(root);
    }
}
