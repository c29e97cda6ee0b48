package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.RedisClusterExtension;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * rateLimit with more than one {@code redis/endpoints}: the buckets are kept in a Redis Cluster (three real
 * redis-server masters), as Traefik's go-redis cluster client keeps them: two proxies share the limit through the
 * cluster, each bucket under Traefik's key on the node of its slot, and a node that goes away makes the routers whose
 * buckets it holds answer 500 and forward nothing until it is back. The limits are 5 a minute with a burst of 5, so no
 * token comes back while a test runs.
 */
class RedisClusterRateLimitIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();
    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

    private static TraefikKeys limitedRouter(TraefikKeys keys, String router, Backend backend) {
        String middleware = router + "-limit";
        keys.router(router, "Host(`" + router + ".test`)", router).middlewares(router, middleware)
                .middleware(middleware, "rateLimit/average", "5")
                .middleware(middleware, "rateLimit/period", "1m")
                .middleware(middleware, "rateLimit/burst", "5")
                .server(router, "one", backend.url());
        List<String> endpoints = CLUSTER.endpoints();
        for (int i = 0; i < endpoints.size(); i++) {
            keys.middleware(middleware, "rateLimit/redis/endpoints/" + i, endpoints.get(i));
        }
        return keys;
    }

    @Test
    void twoProxiesShareTheLimitThroughTheCluster() {
        try (Backend backend = Backend.start("origin"); RunningProxy first = RunningProxy.start(ETCD);
                RunningProxy second = RunningProxy.start(ETCD)) {
            second.awaitRevision(first.apply(limitedRouter(limitedRouter(new TraefikKeys(), "shop", backend), "blog",
                    backend).build()));

            List<HttpResponse<String>> responses = RunningProxy.alternately(first, second, "shop.test", 6);
            HttpResponse<String> sixth = responses.get(5);

            assertThat(responses).extracting(HttpResponse::statusCode)
                    .as("5 a minute with a burst of 5, across both proxies")
                    .containsExactly(200, 200, 200, 200, 200, 429);
            assertThat(sixth.headers().firstValue("X-Retry-In")).isPresent();
            assertThat(second.get("blog.test", "/").statusCode()).as("blog-limit's own bucket").isEqualTo(200);
            assertThat(backend.received()).hasSize(6);
            List<String> keys = CLUSTER.cluster(commands -> commands.keys("rate:*"));
            Map<String, String> bucket = CLUSTER.cluster(commands -> commands.hgetall("rate:shop-limit@etcd:127.0.0.1"));
            assertThat(keys).contains("rate:shop-limit@etcd:127.0.0.1", "rate:blog-limit@etcd:127.0.0.1");
            assertThat(bucket).as("Traefik's fields").containsOnlyKeys("last", "tokens");
        }
    }

    @Test
    void whileTheNodeOfABucketIsAwayItsRouterAnswers500AndForwardsNothingThenLimitsAgain() throws IOException {
        int node = CLUSTER.nodeOf("rate:cart-limit@etcd:127.0.0.1");
        try (Backend backend = Backend.start("origin"); RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(limitedRouter(new TraefikKeys(), "cart", backend).build());
            assertThat(proxy.get("cart.test", "/").statusCode()).isEqualTo(200);

            CLUSTER.stop(node);
            List<HttpResponse<String>> whileAway = List.of(proxy.get("cart.test", "/"), proxy.get("cart.test", "/"));

            assertThat(whileAway).allSatisfy(response -> {
                assertThat(response.statusCode()).isEqualTo(500);
                assertThat(response.body()).isEqualTo("Could not insert/update bucket\n");
            });
            assertThat(backend.received()).as("nothing forwarded unlimited").hasSize(1);

            CLUSTER.start(node);
            await().atMost(Duration.ofSeconds(30)).until(() -> proxy.get("cart.test", "/").statusCode() == 200);
            long buckets = CLUSTER.cluster(commands -> commands.exists("rate:cart-limit@etcd:127.0.0.1"));
            assertThat(buckets).as("the bucket is on the node again").isEqualTo(1L);
        } finally {
            CLUSTER.start(node);
        }
    }
}
