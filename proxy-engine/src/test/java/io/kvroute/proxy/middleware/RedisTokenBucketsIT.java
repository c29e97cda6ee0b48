package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.common.net.HostAndPort;
import io.kvroute.proxy.testing.RedisServerExtension;
import io.lettuce.core.AclSetuserArgs;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A Redis store closed while a request of its chain is connecting leaves no connection open (real redis-server). */
class RedisTokenBucketsIT {
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @Test
    void aStoreClosedWhileItsConnectionIsBeingOpenedLeavesNoConnection() {
        REDIS.commands(commands -> commands.aclSetuser("closing", AclSetuserArgs.Builder.on().addPassword("secret")
                .keyPattern("rate:*").allCommands()));
        RedisStoreSettings settings = new RedisStoreSettings(List.of(HostAndPort.fromString(REDIS.endpoint())),
                "closing", "secret", 0, Optional.empty(), Duration.ofSeconds(5), Optional.empty());
        RedisTokenBuckets store = new RedisTokenBuckets(settings);

        CompletableFuture<Long> wait = store.reserve("rate:closing@test:127.0.0.1",
                RateLimitHandler.Limits.of(5, Duration.ofMinutes(1), 5));
        store.close();

        await().atMost(Duration.ofSeconds(30)).until(wait::isDone);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(REDIS.connectionsOf("closing"))
                .as("no connection once the store, and the one it went to, are closed").isEmpty());
    }
}
