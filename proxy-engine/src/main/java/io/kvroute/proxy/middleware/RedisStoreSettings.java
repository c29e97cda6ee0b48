package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import com.google.common.net.HostAndPort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@code redis} section of {@code rateLimit} (Traefik's {@code dynamic.Redis}) as kvroute applies it:
 * {@code endpoints} (default {@code localhost:6379}), {@code username} and {@code password} (Redis {@code AUTH},
 * skipped when both are empty), {@code db} ({@code SELECT}), {@code dialTimeout} (default 5 s, as when 0 or less) and
 * the longest wait for a command's answer: {@code writeTimeout} plus {@code readTimeout} (3 s each by default; 0 or
 * less is no limit for that phase, so none for the command), which bounds a command as Traefik's client's two socket
 * deadlines do together.
 *
 * <p>One endpoint is one Redis server; more than one are the seeds of a Redis Cluster ({@link #cluster()}), as
 * go-redis's {@code NewUniversalClient} makes a cluster client of more than one address. A cluster has only database
 * 0, and go-redis's cluster options have no {@code DB}: {@code db} is then not used, as in Traefik.
 *
 * <p>Lettuce sends every command over one multiplexed connection (one per node of a cluster), which never makes a
 * command wait for a free connection, so the pool sizes mean nothing to it: {@code poolSize} and {@code maxActiveConns}
 * (upper bounds, 0 meaning Traefik's default or no limit) are met by that one connection, and {@code minIdleConns}
 * (connections go-redis keeps open while idle, so that a burst need not dial) changes nothing a client of the proxy
 * sees but how many connections Redis counts: the one connection stays open while idle too. They are checked (0 or
 * more) and accepted. A {@code tls} section is {@link RedisTls}.
 *
 * @param endpoints one or more, in the order given
 * @param password never shown by {@link #toString()}
 */
record RedisStoreSettings(List<HostAndPort> endpoints, String username, String password, int db,
        Optional<RedisTls> tls, Duration dialTimeout, Optional<Duration> commandTimeout) {
    /** Traefik's {@code endpoints} default. */
    static final String DEFAULT_ENDPOINT = "localhost:6379";
    /** Go-redis's dial timeout when {@code dialTimeout} is 0 or less (Traefik then leaves it unset). */
    static final Duration DEFAULT_DIAL_TIMEOUT = Duration.ofSeconds(5);
    /** Traefik's default {@code readTimeout} and {@code writeTimeout}, each. */
    static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(3);

    RedisStoreSettings {
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("no endpoint");
        }
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
        List<HostAndPort> endpoints = endpoints(redis);
        String username = redis.text("username").orElse("");
        String password = redis.text("password").orElse("");
        int db = redis.smallInteger("db").orElse(0);
        if (db < 0) {
            throw redis.invalid("db", "a database number, 0 or more");
        }
        connections(redis, "poolSize");
        connections(redis, "maxActiveConns");
        connections(redis, "minIdleConns");
        Optional<RedisTls> tls = redis.section("tls").map(RedisTls::read);
        Duration dial = redis.duration("dialTimeout").filter(RedisStoreSettings::positive)
                .orElse(DEFAULT_DIAL_TIMEOUT);
        Duration read = redis.duration("readTimeout").orElse(DEFAULT_SOCKET_TIMEOUT);
        Duration write = redis.duration("writeTimeout").orElse(DEFAULT_SOCKET_TIMEOUT);
        Optional<Duration> command = positive(read) && positive(write) ? Optional.of(write.plus(read))
                : Optional.empty();
        return new RedisStoreSettings(endpoints, username, password, db, tls, dial, command);
    }

    /** Whether the endpoints are the seeds of a Redis Cluster: more than one. */
    boolean cluster() {
        return endpoints.size() > 1;
    }

    /** The endpoints as {@code host:port, ...}, for the log. */
    String shownEndpoints() {
        return endpoints.stream().map(HostAndPort::toString).collect(Collectors.joining(", "));
    }

    private static List<HostAndPort> endpoints(MiddlewareSettings redis) {
        List<String> endpoints = redis.strings("endpoints");
        if (endpoints.isEmpty()) {
            return List.of(HostAndPort.fromString(DEFAULT_ENDPOINT));
        }
        List<HostAndPort> parsed = new ArrayList<>();
        for (String endpoint : endpoints) {
            parsed.add(endpoint(redis, endpoint));
        }
        return parsed;
    }

    private static HostAndPort endpoint(MiddlewareSettings redis, String endpoint) {
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
        return "RedisStoreSettings[endpoints=" + endpoints + ", username=" + username + ", password="
                + (password.isEmpty() ? "" : "(set)") + ", db=" + db + ", tls=" + tls + ", dialTimeout="
                + dialTimeout + ", commandTimeout=" + commandTimeout + "]";
    }
}
