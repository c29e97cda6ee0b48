package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import com.google.common.net.HostAndPort;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code redis} section of {@code rateLimit} (Traefik's {@code dynamic.Redis}) as kvroute applies it: the one
 * server of {@code endpoints} (default {@code localhost:6379}), {@code username} and {@code password} (Redis
 * {@code AUTH}, skipped when both are empty), {@code db} ({@code SELECT}), {@code dialTimeout} (default 5 s, as when
 * 0 or less) and the longest wait for a command's answer: {@code writeTimeout} plus {@code readTimeout} (3 s each by
 * default; 0 or less is no limit for that phase, so none for the command), which bounds a command as Traefik's
 * client's two socket deadlines do together.
 *
 * <p>Lettuce sends every command over one multiplexed connection, so {@code poolSize} and {@code maxActiveConns}
 * (upper bounds, 0 meaning Traefik's default or no limit) are met by that one connection; {@code minIdleConns} above 1
 * is not, and is refused. More than one endpoint makes Traefik's client a Redis Cluster client, which kvroute does
 * not have: refused. A {@code tls} section is {@link RedisTls}.
 *
 * @param password never shown by {@link #toString()}
 */
record RedisStoreSettings(HostAndPort endpoint, String username, String password, int db,
        Optional<RedisTls> tls, Duration dialTimeout, Optional<Duration> commandTimeout) {
    /** Traefik's {@code endpoints} default. */
    static final String DEFAULT_ENDPOINT = "localhost:6379";
    /** Go-redis's dial timeout when {@code dialTimeout} is 0 or less (Traefik then leaves it unset). */
    static final Duration DEFAULT_DIAL_TIMEOUT = Duration.ofSeconds(5);
    /** Traefik's default {@code readTimeout} and {@code writeTimeout}, each. */
    static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(3);

    RedisStoreSettings {
        requireNonNull(endpoint, "endpoint");
        requireNonNull(username, "username");
        requireNonNull(password, "password");
        requireNonNull(tls, "tls");
        requireNonNull(dialTimeout, "dialTimeout");
        requireNonNull(commandTimeout, "commandTimeout");
    }

    /**
     * Reads the {@code redis} section (every setting; the caller's {@link MiddlewareSettings#requireAllRead()} then
     * passes for it).
     *
     * @throws MiddlewareException naming the setting that is invalid or not applied
     */
    static RedisStoreSettings read(MiddlewareSettings redis) {
        HostAndPort endpoint = endpoint(redis);
        String username = redis.text("username").orElse("");
        String password = redis.text("password").orElse("");
        int db = redis.smallInteger("db").orElse(0);
        if (db < 0) {
            throw redis.invalid("db", "a database number, 0 or more");
        }
        connections(redis, "poolSize");
        connections(redis, "maxActiveConns");
        if (connections(redis, "minIdleConns") > 1) {
            throw new MiddlewareException(MiddlewareException.Kind.SETTING_NOT_APPLIED, redis.middleware().name(),
                    redis.middleware().type(), "redis/minIdleConns " + redis.integer("minIdleConns").getAsLong()
                            + ": kvroute keeps one multiplexed connection to Redis, not several idle ones "
                            + "(expected: 0 or 1); the router is left out rather than served otherwise");
        }
        Optional<RedisTls> tls = redis.section("tls").map(RedisTls::read);
        Duration dial = redis.duration("dialTimeout").filter(RedisStoreSettings::positive)
                .orElse(DEFAULT_DIAL_TIMEOUT);
        Duration read = redis.duration("readTimeout").orElse(DEFAULT_SOCKET_TIMEOUT);
        Duration write = redis.duration("writeTimeout").orElse(DEFAULT_SOCKET_TIMEOUT);
        Optional<Duration> command = positive(read) && positive(write) ? Optional.of(write.plus(read))
                : Optional.empty();
        return new RedisStoreSettings(endpoint, username, password, db, tls, dial, command);
    }

    private static HostAndPort endpoint(MiddlewareSettings redis) {
        List<String> endpoints = redis.strings("endpoints");
        if (endpoints.size() > 1) {
            throw new MiddlewareException(MiddlewareException.Kind.SETTING_NOT_APPLIED, redis.middleware().name(),
                    redis.middleware().type(), "redis/endpoints " + endpoints + ": more than one endpoint makes "
                            + "Traefik a Redis Cluster client, which kvroute is not (expected: one host:port); the "
                            + "router is left out rather than served without its limit");
        }
        String endpoint = endpoints.isEmpty() ? DEFAULT_ENDPOINT : endpoints.get(0);
        try {
            HostAndPort parsed = HostAndPort.fromString(endpoint);
            if (parsed.hasPort() && parsed.getPort() > 0 && !parsed.getHost().isEmpty()) {
                return parsed;
            }
        } catch (IllegalArgumentException unparsable) {
            // refused below, with the setting named
        }
        throw redis.invalid("endpoints", "host:port of a Redis server, such as " + DEFAULT_ENDPOINT);
    }

    /** A connection count: 0 (Traefik's default) or more. */
    private static long connections(MiddlewareSettings redis, String name) {
        long count = redis.integer(name).orElse(0);
        if (count < 0) {
            throw redis.invalid(name, "a number of connections, 0 or more");
        }
        return count;
    }

    private static boolean positive(Duration duration) {
        return duration.compareTo(Duration.ZERO) > 0;
    }

    @Override
    public String toString() {
        return "RedisStoreSettings[endpoint=" + endpoint + ", username=" + username + ", password="
                + (password.isEmpty() ? "" : "(set)") + ", db=" + db + ", tls=" + tls + ", dialTimeout="
                + dialTimeout + ", commandTimeout=" + commandTimeout + "]";
    }
}
