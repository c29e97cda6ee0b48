package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.common.net.HostAndPort;
import io.kvroute.proxy.testing.RedisServerExtension;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A Redis store closed while a request of its chain is connecting leaves no connection open (real redis-server). */
class RedisTokenBucketsIT {
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @Test
    void aStoreClosedWhileItsConnectionIsBeingOpenedLeavesNoConnection() {
        redis(commands -> commands.aclSetuser("closing", AclSetuserArgs.Builder.on().addPassword("secret")
                .keyPattern("rate:*").allCommands()));
        RedisStoreSettings settings = new RedisStoreSettings(List.of(HostAndPort.fromString(REDIS.endpoint())),
                "closing", "secret", 0, Optional.empty(), Duration.ofSeconds(5), Optional.empty());
        RedisTokenBuckets store = new RedisTokenBuckets(settings);

        CompletableFuture<Long> wait = store.reserve("rate:closing@test:127.0.0.1",
                RateLimitHandler.Limits.of(5, Duration.ofMinutes(1), 5));
        store.close();

        await().atMost(Duration.ofSeconds(30)).until(wait::isDone);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(connectionsOf("closing"))
                .as("no connection once the store, and the one it went to, are closed").isEmpty());
    }

    /** The ids of the connections Redis has for {@code user} ({@code CLIENT LIST}). */
    private static List<String> connectionsOf(String user) {
        return redis(commands -> commands.clientList()).lines().filter(line -> line.contains(" user=" + user + " "))
                .map(line -> line.substring(0, line.indexOf(' '))).toList();
    }

    /** What {@code call} gets from the test's Redis, as its default user. */
    private static <T> T redis(Function<RedisCommands<String, String>, T> call) {
        RedisClient client = RedisClient.create("redis://" + REDIS.endpoint());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return call.apply(connection.sync());
        } finally {
            client.shutdown();
        }
    }
}
