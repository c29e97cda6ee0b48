package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.net.HostAndPort;
import io.undertow.server.HttpHandler;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * When rateLimit's Redis stores are kept and closed: the grace of a store a build took starts at the swap, not at the
 * build. No Redis: a store connects at its first request only; the timer's look is called with a time past the grace.
 */
class RedisStoresTest {
    private final HttpHandler chain = exchange -> { };

    /** Settings of their own per test: the stores are the process's. */
    private static RedisStoreSettings settings(int port) {
        return new RedisStoreSettings(List.of(HostAndPort.fromParts("127.0.0.1", port)), "", "", 0, Optional.empty(),
                Duration.ofSeconds(1), Optional.empty());
    }

    private static void lookPastTheGrace(RedisStoreSettings settings) {
        RedisStores.closeIfUnused(settings, System.nanoTime() + RedisStores.RELEASE_GRACE.toNanos() + 1);
    }

    @Test
    void aStoreIsKeptForItsChainHoweverLongTheBuildTookBeforeTheSwap() {
        RedisStoreSettings settings = settings(1);
        AtomicReference<RedisTokenBuckets> built = new AtomicReference<>();
        try (RedisStores stores = new RedisStores()) {
            stores.building(() -> {
                built.set(RedisStores.acquire(settings));
                RedisStores.chainUses(chain, List.of(built.get()));
                lookPastTheGrace(settings);
                stores.serve(List.of(chain));
            });
            lookPastTheGrace(settings);

            assertThat(RedisStores.acquire(settings)).as("the store the served chain holds").isSameAs(built.get());
        }
    }

    @Test
    void theStoresOfAFailedBuildAreClosedAfterTheGrace() {
        RedisStoreSettings settings = settings(2);
        AtomicReference<RedisTokenBuckets> built = new AtomicReference<>();
        try (RedisStores stores = new RedisStores()) {
            assertThatThrownBy(() -> stores.building(() -> {
                built.set(RedisStores.acquire(settings));
                throw new IllegalStateException("the build failed");
            })).hasMessage("the build failed");
            lookPastTheGrace(settings);

            assertThat(RedisStores.acquire(settings)).as("a new store").isNotSameAs(built.get());
        }
    }

    @Test
    void aBuildThatOutlivesTheProxyServesNothingAndItsStoresAreClosed() {
        RedisStoreSettings settings = settings(3);
        AtomicReference<RedisTokenBuckets> built = new AtomicReference<>();
        RedisStores stores = new RedisStores();
        stores.building(() -> {
            built.set(RedisStores.acquire(settings));
            RedisStores.chainUses(chain, List.of(built.get()));
            stores.close();
            stores.serve(List.of(chain));
        });
        lookPastTheGrace(settings);

        assertThat(RedisStores.acquire(settings)).as("a new store").isNotSameAs(built.get());
    }
}
