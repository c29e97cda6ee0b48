package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.http.ChainProblem;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.RedisServerExtension;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.KillArgs;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * rateLimit with {@code redis}, through real etcd keys, a real redis-server and proxies in front of a real server:
 * two proxies share one limit, each middleware has its own buckets under Traefik's
 * {@code rate:<middleware>@<provider>:<source>} keys, a Redis that goes away makes the router answer 500 and forward nothing (as Traefik; logged once, and once
 * more when it is back), username, password and db are those of the Redis user, a bad endpoint leaves the router
 * out naming the key, and a connection no served middleware uses any more is closed. The limits are 5 a minute with a
 * burst of 5, so no token comes back while a test runs (one every 12 s), whatever the machine's load.
 */
class RedisRateLimitIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static TraefikKeys limitedRouter(TraefikKeys keys, String router, String middleware, String endpoint,
            Backend backend) {
        return keys.router(router, "Host(`" + router + ".test`)", router).middlewares(router, middleware)
                .middleware(middleware, "rateLimit/average", "5")
                .middleware(middleware, "rateLimit/period", "1m")
                .middleware(middleware, "rateLimit/burst", "5")
                .middleware(middleware, "rateLimit/redis/endpoints/0", endpoint)
                .server(router, "one", backend.url());
    }

    @Test
    void twoProxiesOnOneRedisShareTheLimitAndEachMiddlewareHasItsOwn() {
        try (Backend backend = Backend.start("origin"); RunningProxy first = RunningProxy.start(ETCD);
                RunningProxy second = RunningProxy.start(ETCD)) {
            TraefikKeys keys = limitedRouter(new TraefikKeys(), "shop", "shop-limit", REDIS.endpoint(), backend);
            second.awaitRevision(first.apply(limitedRouter(keys, "blog", "blog-limit", REDIS.endpoint(), backend)
                    .build()));

            List<HttpResponse<String>> responses = RunningProxy.alternately(first, second, "shop.test", 6);
            HttpResponse<String> sixth = responses.get(5);

            assertThat(responses).extracting(HttpResponse::statusCode)
                    .as("5 a minute with a burst of 5, across both proxies")
                    .containsExactly(200, 200, 200, 200, 200, 429);
            assertThat(sixth.body()).isEqualTo("Too Many Requests");
            assertThat(sixth.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                    assertThat(Integer.parseInt(seconds)).isBetween(1, 12));
            assertThat(sixth.headers().firstValue("X-Retry-In")).hasValueSatisfying(wait ->
                    assertThat(wait).endsWith("s"));
            assertThat(second.get("blog.test", "/").statusCode()).as("blog-limit's own bucket").isEqualTo(200);
            assertThat(backend.received()).hasSize(6);
            assertThat(redisKeys()).containsExactlyInAnyOrder("rate:shop-limit@etcd:127.0.0.1",
                    "rate:blog-limit@etcd:127.0.0.1");
            assertThat(second.runtime().middlewareEvents().snapshot().get("shop-limit"))
                    .containsEntry("rateLimited", 1L);
        }
    }

    @Test
    void whileRedisIsAwayTheRouterAnswers500AndForwardsNothingThenLimitsAgain() throws IOException {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger("io.kvroute.proxy.middleware.RedisTokenBuckets");
        logger.addAppender(log);
        try (Backend backend = Backend.start("origin"); RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(limitedRouter(new TraefikKeys(), "cart", "cart-limit", REDIS.endpoint(), backend).build());
            assertThat(proxy.get("cart.test", "/").statusCode()).isEqualTo(200);

            REDIS.stop();
            List<HttpResponse<String>> whileAway = List.of(proxy.get("cart.test", "/"), proxy.get("cart.test", "/"),
                    proxy.get("cart.test", "/"));

            assertThat(whileAway).allSatisfy(response -> {
                assertThat(response.statusCode()).isEqualTo(500);
                assertThat(response.body()).isEqualTo("Could not insert/update bucket\n");
            });
            assertThat(backend.received()).as("nothing forwarded unlimited").hasSize(1);
            assertThat(log.list).extracting(ILoggingEvent::getLevel).as("once per change, not per request")
                    .containsExactly(Level.WARN);
            assertThat(log.list.get(0).getFormattedMessage()).startsWith("rateLimit's Redis at " + REDIS.endpoint()
                    + " cannot be used: ");

            REDIS.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> proxy.get("cart.test", "/").statusCode() == 200);
            assertThat(log.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.INFO);
            assertThat(redisKeys()).as("the bucket is in the new Redis").contains("rate:cart-limit@etcd:127.0.0.1");
        } finally {
            logger.detachAppender(log);
            REDIS.start();
        }
    }

    /**
     * Redis (or a load balancer, or its idle {@code timeout}) closing the proxy's connection costs no request: the
     * next one goes out on a new connection, whether the proxy saw the close before it or only when its command failed.
     */
    @Test
    void aConnectionRedisClosedIsReplacedWithoutAFailedRequest() {
        try (Backend backend = Backend.start("origin"); RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(limitedRouter(new TraefikKeys(), "kill", "kill-limit", REDIS.endpoint(), backend).build());
            assertThat(proxy.get("kill.test", "/").statusCode()).isEqualTo(200);

            for (int round = 0; round < 3; round++) {
                long killed = REDIS.commands(commands -> commands.clientKill(KillArgs.Builder.typeNormal().skipme()));
                assertThat(killed).as("connections Redis closed").isPositive();
                assertThat(proxy.get("kill.test", "/").statusCode()).as("the request after close %d", round)
                        .isEqualTo(200);
            }
            assertThat(backend.received()).hasSize(4);
        }
    }

    @Test
    void anEndpointWithoutAPortLeavesTheRouterOutNamingTheKey() {
        try (Backend backend = Backend.start("origin"); RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(limitedRouter(new TraefikKeys(), "admin", "admin-limit", "127.0.0.1", backend)
                    .router("open", "Host(`open.test`)", "admin").build());

            assertThat(proxy.get("open.test", "/").statusCode()).isEqualTo(200);
            assertThat(proxy.get("admin.test", "/").statusCode()).isEqualTo(404);
            assertThat(backend.received()).hasSize(1);
            assertThat(proxy.runtime().snapshot().problems()).extracting(ChainProblem::toLine).singleElement()
                    .asString().startsWith("router admin not served: middleware \"admin-limit\" (rateLimit): ")
                    .contains("redis/endpoints [\"127.0.0.1\"] (expected: host:port of a Redis server");
        }
    }

    @Test
    void usernamePasswordAndDbAreThoseOfTheRedisUserAndTheWrongPasswordForwardsNothing() {
        REDIS.commands(commands -> commands.aclSetuser("limiter", AclSetuserArgs.Builder.on().addPassword("s3cret")
                .keyPattern("rate:*").allCommands()));
        try (Backend backend = Backend.start("origin"); RunningProxy proxy = RunningProxy.start(ETCD)) {
            TraefikKeys keys = limitedRouter(new TraefikKeys(), "user", "user-limit", REDIS.endpoint(), backend)
                    .middleware("user-limit", "rateLimit/redis/username", "limiter")
                    .middleware("user-limit", "rateLimit/redis/password", "s3cret")
                    .middleware("user-limit", "rateLimit/redis/db", "3");
            proxy.apply(limitedRouter(keys, "intruder", "intruder-limit", REDIS.endpoint(), backend)
                    .middleware("intruder-limit", "rateLimit/redis/username", "limiter")
                    .middleware("intruder-limit", "rateLimit/redis/password", "guess").build());

            assertThat(proxy.get("user.test", "/").statusCode()).isEqualTo(200);
            assertThat(proxy.get("intruder.test", "/").statusCode()).isEqualTo(500);
            assertThat(backend.received()).hasSize(1);
            List<String> inDb3 = REDIS.commands(commands -> {
                commands.select(3);
                return commands.keys("rate:*");
            });
            assertThat(inDb3).containsExactly("rate:user-limit@etcd:127.0.0.1");
        }
    }

    /**
     * A password changed in the store leaves no connection open with the old one, and a removed middleware none at
     * all: the store no served chain uses is closed once its grace is over.
     */
    @Test
    void aChangedPasswordOrARemovedMiddlewareLeavesNoConnectionToRedis() {
        REDIS.commands(commands -> commands.aclSetuser("rotating", AclSetuserArgs.Builder.on().addPassword("old")
                .addPassword("new").keyPattern("rate:*").allCommands()));
        try (Backend backend = Backend.start("origin"); RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(limitedRouter(new TraefikKeys(), "rotate", "rotate-limit", REDIS.endpoint(), backend)
                    .middleware("rotate-limit", "rateLimit/redis/username", "rotating")
                    .middleware("rotate-limit", "rateLimit/redis/password", "old")
                    .middleware("rotate-limit", "rateLimit/redis/db", "5").build());
            assertThat(proxy.get("rotate.test", "/").statusCode()).isEqualTo(200);
            List<String> before = REDIS.connectionsOf("rotating");
            assertThat(before).as("the proxy's connection as rotating").hasSize(1);

            proxy.apply(Map.of("traefik/http/middlewares/rotate-limit/rateLimit/redis/password", "new"));
            assertThat(proxy.get("rotate.test", "/").statusCode()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(REDIS.connectionsOf("rotating"))
                    .as("the connection with the new password only").hasSize(1).doesNotContainAnyElementsOf(before));

            proxy.awaitRevision(proxy.delete("traefik/http/routers/rotate/middlewares/0",
                    "traefik/http/middlewares/rotate-limit/rateLimit/average",
                    "traefik/http/middlewares/rotate-limit/rateLimit/period",
                    "traefik/http/middlewares/rotate-limit/rateLimit/burst",
                    "traefik/http/middlewares/rotate-limit/rateLimit/redis/endpoints/0",
                    "traefik/http/middlewares/rotate-limit/rateLimit/redis/username",
                    "traefik/http/middlewares/rotate-limit/rateLimit/redis/password",
                    "traefik/http/middlewares/rotate-limit/rateLimit/redis/db"));
            assertThat(proxy.get("rotate.test", "/").statusCode()).as("served without the limit").isEqualTo(200);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(REDIS.connectionsOf("rotating"))
                    .as("no connection once no middleware uses this Redis").isEmpty());
        }
    }

    /** The keys in the test's Redis (database 0), read with a client of its own. */
    private static List<String> redisKeys() {
        return REDIS.commands(commands -> commands.keys("rate:*"));
    }
}
