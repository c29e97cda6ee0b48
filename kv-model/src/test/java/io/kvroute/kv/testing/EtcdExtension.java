package io.kvroute.kv.testing;

import io.etcd.jetcd.Client;
import io.kvroute.kv.store.StoreSettings;
import io.kvroute.kv.store.etcd.EtcdKvStore;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
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

    private final String searchPath;
    private final boolean failWhenMissing;
    private final boolean mutualTls;
    private final List<String> flags;
    private Optional<EtcdTls> tls = Optional.empty();
    private Path binary;
    private Path tempDir;
    private EtcdMember member;

    /** Finds {@code etcd} on the PATH; fails instead of skipping when the environment has {@code CI=true}. */
    public EtcdExtension() {
        this(Optional.ofNullable(System.getenv("PATH")).orElse(""), "true".equals(System.getenv("CI")));
    }

    EtcdExtension(String searchPath, boolean failWhenMissing) {
        this(searchPath, failWhenMissing, false);
    }

    private EtcdExtension(String searchPath, boolean failWhenMissing, boolean mutualTls) {
        this(searchPath, failWhenMissing, mutualTls, List.of());
    }

    private EtcdExtension(String searchPath, boolean failWhenMissing, boolean mutualTls, List<String> flags) {
        this.searchPath = searchPath;
        this.failWhenMissing = failWhenMissing;
        this.mutualTls = mutualTls;
        this.flags = List.copyOf(flags);
    }

    /** An etcd started with {@code flags} besides its own (e.g. {@code --experimental-watch-progress-notify-interval}). */
    public static EtcdExtension withFlags(String... flags) {
        return new EtcdExtension(Optional.ofNullable(System.getenv("PATH")).orElse(""),
                "true".equals(System.getenv("CI")), false, List.of(flags));
    }

    /**
     * An etcd that serves clients only over mutual TLS ({@link EtcdTls}); its {@link #settings()} carry the CA, the
     * client certificate and its key.
     */
    public static EtcdExtension withMutualTls() {
        return new EtcdExtension(Optional.ofNullable(System.getenv("PATH")).orElse(""),
                "true".equals(System.getenv("CI")), true);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        prepare(context);
        start();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        prepare(context);
        if (member.isPaused()) {
            resume();
        }
        if (!member.isRunning()) {
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
        return member.endpoint();
    }

    /** Settings for an {@link EtcdKvStore} on this etcd, with the default request timeout (and its TLS files). */
    public StoreSettings settings() {
        StoreSettings plain = StoreSettings.etcd(endpoint());
        return tls.map(served -> plain.withTls(served.serverCert(), served.clientCert(), served.clientKey()))
                .orElse(plain);
    }

    /** Starts etcd (again) with the same data dir and ports and waits until it reports healthy. */
    public void start() {
        List<String> launched = new ArrayList<>(List.of("--initial-cluster", "default=" + member.peerUrl()));
        launched.addAll(flags);
        member.launch(launched);
        member.awaitHealthy(START_TIMEOUT);
    }

    /** Stops etcd with SIGTERM (by PID) and waits for it to exit; kills it if it does not within 10 s. */
    public void stop() {
        if (member != null) {
            member.stop();
        }
    }

    /**
     * Freezes etcd with SIGSTOP: connections stay open but nothing is answered, like a hung or partitioned server.
     * Leases keep counting down, so they expire on {@link #resume()} unless kept alive after it.
     */
    public void pause() {
        member.pause();
    }

    /** Continues a {@link #pause() paused} etcd with SIGCONT. */
    public void resume() {
        member.resume();
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
        deleteTree(member.dataDir());
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
        deleteTree(member.dataDir());
        Path etcdctl = binary.resolveSibling("etcdctl");
        Process restore = new ProcessBuilder(etcdctl.toString(), "snapshot", "restore", snapshot.toString(),
                "--name", member.name(), "--data-dir", member.dataDir().toString(),
                "--initial-cluster", member.name() + "=" + member.peerUrl(),
                "--initial-advertise-peer-urls", member.peerUrl())
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(member.logFile().toFile()))
                .start();
        try {
            if (!restore.waitFor(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || restore.exitValue() != 0) {
                restore.destroyForcibly();
                throw new IOException(etcdctl + " snapshot restore " + snapshot + " failed; see " + member.logFile());
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

    /** The etcd log file, for failure messages. */
    public Path logFile() {
        return member.logFile();
    }

    private void prepare(ExtensionContext context) throws IOException {
        if (binary != null) {
            return;
        }
        binary = locateEtcd(context.getDisplayName());
        tempDir = Files.createTempDirectory("kvroute-etcd-");
        if (mutualTls) {
            tls = Optional.of(EtcdTls.make(Files.createDirectory(tempDir.resolve("tls"))));
        }
        member = new EtcdMember(binary, "default", tempDir.resolve("data"), logDir(), tls);
    }

    /** {@code target/etcd} of the module under test, where members' logs go. */
    static Path logDir() throws IOException {
        Path logDir = Path.of(System.getProperty("user.dir"), "target", "etcd");
        Files.createDirectories(logDir);
        return logDir;
    }

    /** The etcd binary; fails (CI) or aborts the tests of {@code testName} when there is none. */
    Path locateEtcd(String testName) {
        return locate(searchPath, failWhenMissing, testName);
    }

    /** The etcd binary on {@code searchPath}; fails ({@code failWhenMissing}) or aborts the tests otherwise. */
    static Path locate(String searchPath, boolean failWhenMissing, String testName) {
        return RequiredBinary.locate("etcd", Arrays.asList(searchPath.split(File.pathSeparator)), failWhenMissing,
                MISSING, testName);
    }

    static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> paths = Files.walk(root)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
