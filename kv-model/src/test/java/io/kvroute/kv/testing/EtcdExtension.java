package io.kvroute.kv.testing;

import io.etcd.jetcd.Client;
import io.kvroute.kv.store.StoreSettings;
import io.kvroute.kv.store.etcd.EtcdKvStore;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real single-node etcd for tests, from the {@code etcd} binary on PATH (Debian's {@code etcd-server}), on free
 * loopback ports with a temporary data dir. Use as {@code @RegisterExtension static EtcdExtension etcd = new
 * EtcdExtension();}: it starts before the first test of the class, is (re)started or resumed before each test if a
 * test left it stopped or paused, and is stopped by PID after the last test, its data dir deleted. Its output goes
 * to {@code target/etcd/etcd-<port>.log}.
 *
 * <p>Without an {@code etcd} binary the tests fail when {@code CI=true} and are skipped (aborted) otherwise, with a
 * loud message on stderr.
 */
public final class EtcdExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    static final String MISSING = "etcd not found on PATH; scripts/test installs Debian's etcd-server";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final String searchPath;
    private final boolean failWhenMissing;
    private Path binary;
    private Path tempDir;
    private Path logFile;
    private int clientPort;
    private int peerPort;
    private Process process;
    private boolean paused;

    /** Finds {@code etcd} on the PATH; fails instead of skipping when the environment has {@code CI=true}. */
    public EtcdExtension() {
        this(Optional.ofNullable(System.getenv("PATH")).orElse(""), "true".equals(System.getenv("CI")));
    }

    EtcdExtension(String searchPath, boolean failWhenMissing) {
        this.searchPath = searchPath;
        this.failWhenMissing = failWhenMissing;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        prepare(context);
        start();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        prepare(context);
        if (paused) {
            resume();
        }
        if (process == null || !process.isAlive()) {
            start();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        stop();
        if (tempDir != null) {
            deleteTree(tempDir);
            tempDir = null;
        }
    }

    /** {@code 127.0.0.1:<client port>}. */
    public String endpoint() {
        return "127.0.0.1:" + clientPort;
    }

    /** Settings for an {@link EtcdKvStore} on this etcd, with the default request timeout. */
    public StoreSettings settings() {
        return StoreSettings.etcd(endpoint());
    }

    /** Starts etcd (again) with the same data dir and ports and waits until it reports healthy. */
    public void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        String clientUrl = "http://" + endpoint();
        String peerUrl = "http://127.0.0.1:" + peerPort;
        List<String> command = List.of(binary.toString(), "--name", "default",
                "--data-dir", tempDir.resolve("data").toString(),
                "--listen-client-urls", clientUrl, "--advertise-client-urls", clientUrl,
                "--listen-peer-urls", peerUrl, "--initial-advertise-peer-urls", peerUrl,
                "--initial-cluster", "default=" + peerUrl,
                "--logger", "zap", "--log-outputs", "stderr");
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary + " (log: " + logFile + ")", e);
        }
        awaitHealthy();
    }

    /** Stops etcd with SIGTERM (by PID) and waits for it to exit; kills it if it does not within 10 s. */
    public void stop() {
        if (process == null) {
            return;
        }
        if (paused) {
            resume();
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /**
     * Freezes etcd with SIGSTOP: connections stay open but nothing is answered, like a hung or partitioned server.
     * Leases keep counting down, so they expire on {@link #resume()} unless kept alive after it.
     */
    public void pause() {
        signal("-STOP");
        paused = true;
    }

    /** Continues a {@link #pause() paused} etcd with SIGCONT. */
    public void resume() {
        signal("-CONT");
        paused = false;
    }

    /** Holds etcd paused for {@code duration} (the outage a test needs), then resumes it. */
    public void pauseFor(Duration duration) throws InterruptedException {
        pause();
        try {
            Thread.sleep(duration.toMillis());
        } finally {
            resume();
        }
    }

    /** Holds etcd stopped for {@code duration} (the outage a test needs), then starts it again. */
    public void stopFor(Duration duration) throws InterruptedException {
        stop();
        try {
            Thread.sleep(duration.toMillis());
        } finally {
            start();
        }
    }

    /** Stops etcd, deletes its data and starts an empty etcd on the same ports: a wiped member, back at revision 1. */
    public void wipe() throws IOException {
        stop();
        deleteData();
        start();
    }

    /** Writes a snapshot of etcd's data to {@code file} over etcd's maintenance API (as {@code etcdctl snapshot save}). */
    public void saveSnapshot(Path file) throws IOException {
        try (Client client = Client.builder().endpoints("http://" + endpoint()).build();
                OutputStream out = Files.newOutputStream(file)) {
            client.getMaintenanceClient().snapshot(out).get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("etcd on " + endpoint() + ": snapshot to " + file + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while saving an etcd snapshot", e);
        }
    }

    /**
     * Stops etcd, replaces its data with {@code snapshot} ({@code etcdctl snapshot restore}, as an operator restores a
     * backup) and starts it: its revision is the snapshot's, older than what clients saw last.
     */
    public void restore(Path snapshot) throws IOException {
        stop();
        deleteData();
        Path etcdctl = binary.resolveSibling("etcdctl");
        String peerUrl = "http://127.0.0.1:" + peerPort;
        Process restore = new ProcessBuilder(etcdctl.toString(), "snapshot", "restore", snapshot.toString(),
                "--name", "default", "--data-dir", tempDir.resolve("data").toString(),
                "--initial-cluster", "default=" + peerUrl, "--initial-advertise-peer-urls", peerUrl)
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(logFile.toFile()))
                .start();
        try {
            if (!restore.waitFor(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || restore.exitValue() != 0) {
                restore.destroyForcibly();
                throw new IOException(etcdctl + " snapshot restore " + snapshot + " failed; see " + logFile);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while restoring an etcd snapshot", e);
        }
        start();
    }

    /** Compacts etcd's history up to its current revision and returns that revision. */
    public long compact() {
        try (EtcdKvStore store = new EtcdKvStore(settings())) {
            long revision = store.list("kvroute-etcd-extension/compact").revision();
            store.compact(revision);
            return revision;
        }
    }

    private void deleteData() throws IOException {
        deleteTree(tempDir.resolve("data"));
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> paths = Files.walk(root)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** The etcd log file, for failure messages. */
    public Path logFile() {
        return logFile;
    }

    private void prepare(ExtensionContext context) throws IOException {
        if (binary != null) {
            return;
        }
        binary = locateEtcd(context.getDisplayName());
        tempDir = Files.createTempDirectory("kvroute-etcd-");
        int[] ports = freePorts();
        clientPort = ports[0];
        peerPort = ports[1];
        Path logDir = Path.of(System.getProperty("user.dir"), "target", "etcd");
        Files.createDirectories(logDir);
        logFile = logDir.resolve("etcd-" + clientPort + ".log");
    }

    /** The etcd binary; fails (CI) or aborts the tests of {@code testName} when there is none. */
    Path locateEtcd(String testName) {
        Optional<Path> found = Arrays.stream(searchPath.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "etcd"))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isPresent()) {
            return found.get();
        }
        if (failWhenMissing) {
            return Assertions.fail(MISSING);
        }
        System.err.println("!!! " + testName + " SKIPPED: " + MISSING + " !!!");
        return Assumptions.abort(MISSING);
    }

    private void awaitHealthy() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://" + endpoint() + "/health"))
                .timeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("etcd exited with code " + process.exitValue() + "; see " + logFile);
            }
            try {
                HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"true\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for etcd", e);
            }
            pollPause();
        }
        throw new IllegalStateException("etcd on " + endpoint() + " not healthy within " + START_TIMEOUT + "; see " + logFile);
    }

    private void signal(String signal) {
        if (process == null) {
            throw new IllegalStateException("etcd is not running");
        }
        try {
            int exit = new ProcessBuilder("kill", signal, Long.toString(process.pid())).start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill " + signal + " " + process.pid() + " exited with " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill " + signal, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling etcd", e);
        }
    }

    private static void pollPause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for etcd", e);
        }
    }

    private static int[] freePorts() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (ServerSocket client = new ServerSocket(0, 1, loopback); ServerSocket peer = new ServerSocket(0, 1, loopback)) {
            return new int[] {client.getLocalPort(), peer.getLocalPort()};
        }
    }
}
