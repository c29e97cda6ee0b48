package io.kvroute.proxy.testing;

import io.kvroute.kv.testing.RequiredBinary;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Redis (Debian's {@code redis-server} package) on a free loopback port, without persistence, in a fresh
 * directory under {@code target/redis/} that holds its log: started before the first test, stopped by its PID after
 * the last. {@link #stop()} and {@link #start()} in between take it away and bring it back on the same port (empty:
 * nothing is saved). Use as {@code @RegisterExtension static RedisServerExtension REDIS = new
 * RedisServerExtension();}, or {@link #withTls} for a Redis that speaks only TLS on its port (clients need not present
 * a certificate).
 *
 * <p>Like {@code EtcdExtension} and the conformance suite's nginx: without a {@code redis-server} binary the tests
 * fail when {@code CI=true} and are skipped (aborted) otherwise, with a loud message on stderr.
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback {
    static final String MISSING = "redis-server not found in /usr/bin, /usr/sbin or on PATH; scripts/test installs "
            + "Debian's redis-server";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final boolean failWhenMissing = "true".equals(System.getenv("CI"));
    private final Optional<TestPki.Issued> tlsCertificate;
    private final boolean clusterNode;
    private Path binary;
    private Path directory;
    private Process process;
    private int port;

    /** A plain-TCP Redis. */
    public RedisServerExtension() {
        this(Optional.empty(), false);
    }

    private RedisServerExtension(Optional<TestPki.Issued> tlsCertificate, boolean clusterNode) {
        this.tlsCertificate = tlsCertificate;
        this.clusterNode = clusterNode;
    }

    /** A Redis serving TLS only, with {@code certificate}. */
    public static RedisServerExtension withTls(TestPki.Issued certificate) {
        return new RedisServerExtension(Optional.of(certificate), false);
    }

    /**
     * A plain-TCP Redis with {@code cluster-enabled yes}, for {@link RedisClusterExtension}: its cluster state
     * ({@code nodes.conf}) is kept in its directory, so after {@link #stop()} and {@link #start()} it is the same node
     * with the same slots (and no keys).
     */
    static RedisServerExtension clusterNode() {
        return new RedisServerExtension(Optional.empty(), true);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        binary = locate(context.getDisplayName());
        Path parent = Path.of(System.getProperty("user.dir"), "target", "redis");
        Files.createDirectories(parent);
        directory = Files.createTempDirectory(parent, "redis-");
        port = LoopbackProcess.freePort("redis-server");
        if (tlsCertificate.isPresent()) {
            Files.writeString(directory.resolve("server.crt"), tlsCertificate.get().certPem());
            Files.writeString(directory.resolve("server.key"), tlsCertificate.get().keyPem());
        }
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    /** {@code 127.0.0.1:PORT}, as rateLimit's {@code redis/endpoints} takes it. */
    public String endpoint() {
        return "127.0.0.1:" + port;
    }

    /** What {@code call} gets from this Redis (database 0, default user), over a client of the test's own. */
    public <T> T commands(Function<RedisCommands<String, String>, T> call) {
        RedisClient client = RedisClient.create("redis://" + endpoint());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return call.apply(connection.sync());
        } finally {
            client.shutdown();
        }
    }

    /** The ids of the connections this Redis has for {@code user} ({@code CLIENT LIST}). */
    public List<String> connectionsOf(String user) {
        return commands(RedisCommands::clientList).lines().filter(line -> line.contains(" user=" + user + " "))
                .map(line -> line.substring(0, line.indexOf(' '))).toList();
    }

    /** Starts Redis on its port (again, after {@link #stop()}) and returns once it accepts connections. */
    public synchronized void start() throws IOException {
        if (process != null) {
            return;
        }
        Path log = directory.resolve("redis.log");
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--bind", "127.0.0.1", "--dir",
                directory.toString(), "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode",
                "yes"));
        if (tlsCertificate.isPresent()) {
            command.addAll(List.of("--port", "0", "--tls-port", Integer.toString(port), "--tls-cert-file",
                    directory.resolve("server.crt").toString(), "--tls-key-file",
                    directory.resolve("server.key").toString(), "--tls-auth-clients", "no"));
        } else {
            command.addAll(List.of("--port", Integer.toString(port)));
        }
        if (clusterNode) {
            command.addAll(List.of("--cluster-enabled", "yes", "--cluster-config-file",
                    directory.resolve("nodes.conf").toString()));
        }
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(log.toFile()))
                .start();
        LoopbackProcess.awaitListening(process, "redis-server", port, START_TIMEOUT, log);
    }

    /** Stops Redis by its PID and waits until it has exited. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        LoopbackProcess.stop(process, STOP_TIMEOUT);
        process = null;
    }

    /** The redis-server binary; fails (CI) or aborts the tests of {@code testName} when there is none. */
    private Path locate(String testName) {
        return RequiredBinary.locate("redis-server", RequiredBinary.dirsThenPath("/usr/bin", "/usr/sbin"),
                failWhenMissing, MISSING, testName);
    }
}
