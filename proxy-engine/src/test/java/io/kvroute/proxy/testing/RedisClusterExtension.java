package io.kvroute.proxy.testing;

import static org.awaitility.Awaitility.await;

import io.kvroute.kv.testing.RequiredBinary;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.cluster.models.partitions.ClusterPartitionParser;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Redis Cluster of three masters (no replicas): three {@link RedisServerExtension#clusterNode() cluster nodes}
 * on free loopback ports, joined by {@code redis-cli --cluster create} (Debian's {@code redis-tools}, which
 * {@code redis-server} depends on), ready once every node says {@code cluster_state:ok}. Started before the first
 * test, stopped by PID after the last; {@link #stop(int)} and {@link #start(int)} take one node away and bring it back
 * with its slots (and no keys).
 */
public final class RedisClusterExtension implements BeforeAllCallback, AfterAllCallback {
    private static final String MISSING = "redis-cli not found in /usr/bin or on PATH; scripts/test installs Debian's "
            + "redis-tools";
    private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(30);

    private final List<RedisServerExtension> nodes = List.of(RedisServerExtension.clusterNode(),
            RedisServerExtension.clusterNode(), RedisServerExtension.clusterNode());

    @Override
    public void beforeAll(ExtensionContext context) throws IOException, InterruptedException {
        Path cli = RequiredBinary.locate("redis-cli", RequiredBinary.dirsThenPath("/usr/bin"),
                "true".equals(System.getenv("CI")), MISSING, context.getDisplayName());
        for (RedisServerExtension node : nodes) {
            node.beforeAll(context);
        }
        List<String> command = new ArrayList<>(List.of(cli.toString(), "--cluster", "create"));
        command.addAll(endpoints());
        command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        Path log = Files.createTempFile(Path.of(System.getProperty("user.dir"), "target", "redis"), "cluster-create-",
                ".log");
        Process create = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(log.toFile())).start();
        if (!create.waitFor(CREATE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || create.exitValue() != 0) {
            create.destroyForcibly();
            throw new IllegalStateException("redis-cli --cluster create failed: " + Files.readString(log).strip());
        }
        awaitClusterOk();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        nodes.forEach(RedisServerExtension::stop);
    }

    /** The nodes' {@code 127.0.0.1:PORT}, as rateLimit's {@code redis/endpoints} takes them. */
    public List<String> endpoints() {
        return nodes.stream().map(RedisServerExtension::endpoint).toList();
    }

    /** The index of the node that serves {@code key}'s slot. */
    public int nodeOf(String key) {
        String serving = node(0, commands -> ClusterPartitionParser.parse(commands.clusterNodes())
                .getPartitionBySlot(commands.clusterKeyslot(key).intValue()).getUri().getPort()).toString();
        return endpoints().indexOf("127.0.0.1:" + serving);
    }

    /** Stops node {@code index} by its PID. */
    public void stop(int index) {
        nodes.get(index).stop();
    }

    /** Starts node {@code index} again and returns once every node says the cluster is ok. */
    public void start(int index) throws IOException {
        nodes.get(index).start();
        awaitClusterOk();
    }

    /** What {@code call} gets from the cluster, through a cluster client of its own. */
    public <T> T cluster(Function<RedisAdvancedClusterCommands<String, String>, T> call) {
        RedisClusterClient client = RedisClusterClient.create(endpoints().stream()
                .map(endpoint -> RedisURI.create("redis://" + endpoint)).toList());
        try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
            return call.apply(connection.sync());
        } finally {
            client.shutdown();
        }
    }

    private void awaitClusterOk() {
        await().atMost(CREATE_TIMEOUT).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() ->
                IntStream.range(0, nodes.size()).allMatch(i -> node(i, commands -> commands.clusterInfo())
                        .contains("cluster_state:ok")));
    }

    private <T> T node(int index, Function<RedisCommands<String, String>, T> call) {
        RedisClient client = RedisClient.create("redis://" + nodes.get(index).endpoint());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return call.apply(connection.sync());
        } finally {
            client.shutdown();
        }
    }
}
