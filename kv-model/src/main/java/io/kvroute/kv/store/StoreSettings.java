package io.kvroute.kv.store;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where and how to reach a store. Built by the command line ({@code --etcd.endpoint=h:p}, {@code --consul.token=...})
 * and by tests; validated here so every adapter sees clean values.
 */
public record StoreSettings(
        Type type,
        List<String> endpoints,
        Optional<String> username,
        Optional<String> password,
        Optional<String> token,
        Optional<Path> tlsCa,
        Optional<Path> tlsCert,
        Optional<Path> tlsKey,
        Duration requestTimeout,
        Duration keepaliveTime,
        Duration keepaliveTimeout) {

    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /**
     * Idle time after which the etcd client pings a member's connection: jetcd's own default. Shorter pings (10 s, 5 s
     * timeout) made a writer wait 10 s for an answer while one member of three hung (HungEtcdMemberIT, 2 of 3 runs).
     */
    public static final Duration DEFAULT_KEEPALIVE_TIME = Duration.ofSeconds(30);
    /**
     * How long a ping may go unanswered before the connection is closed and the client moves to another member:
     * jetcd's own default.
     */
    public static final Duration DEFAULT_KEEPALIVE_TIMEOUT = Duration.ofSeconds(10);
    /** gRPC raises any shorter keep-alive time to this. */
    public static final Duration GRPC_KEEPALIVE_FLOOR = Duration.ofSeconds(10);

    /** Which adapter. */
    public enum Type { ETCD, CONSUL, MEMORY }

    public StoreSettings {
        requireNonNull(type, "type");
        endpoints = List.copyOf(endpoints);
        requireNonNull(username, "username");
        requireNonNull(password, "password");
        requireNonNull(token, "token");
        requireNonNull(tlsCa, "tlsCa");
        requireNonNull(tlsCert, "tlsCert");
        requireNonNull(tlsKey, "tlsKey");
        requireNonNull(requestTimeout, "requestTimeout");
        if (type != Type.MEMORY && endpoints.isEmpty()) {
            throw new IllegalArgumentException(type.name().toLowerCase(Locale.ROOT)
                    + ".endpoint: none given (expected: host:port[,host:port...])");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout: " + requestTimeout + " (expected: > 0)");
        }
        requireNonNull(keepaliveTime, "keepaliveTime");
        requireNonNull(keepaliveTimeout, "keepaliveTimeout");
        if (keepaliveTime.compareTo(GRPC_KEEPALIVE_FLOOR) < 0) {
            throw new IllegalArgumentException("keepalive time: " + keepaliveTime.toSeconds()
                    + "s (expected: >= 10s, the shortest gRPC allows)");
        }
        if (keepaliveTimeout.isNegative() || keepaliveTimeout.isZero()) {
            throw new IllegalArgumentException("keepalive timeout: " + keepaliveTimeout + " (expected: > 0)");
        }
    }

    /** Whether the store is reached over TLS: a CA or a client certificate is given. */
    public boolean usesTls() {
        return tlsCa.isPresent() || tlsCert.isPresent();
    }

    /**
     * The etcd members the endpoints name, as URLs: {@code host:port} gets {@code http://}, or {@code https://} when
     * the store is reached over TLS; scheme and host in lower case, no trailing slash. Endpoints that name the same
     * member ({@code 127.0.0.1:2379} and {@code http://127.0.0.1:2379/}) are one member, silently, as etcd's Go client
     * and gRPC's balancer make one connection of them: an adapter moving on from a member never lands on itself.
     */
    public List<String> etcdMemberUrls() {
        String scheme = usesTls() ? "https://" : "http://";
        return endpoints.stream()
                .map(endpoint -> memberUrl(endpoint.contains("://") ? endpoint : scheme + endpoint))
                .distinct()
                .toList();
    }

    private static String memberUrl(String url) {
        try {
            URI uri = new URI(url);
            String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
            if (uri.getScheme() == null || uri.getHost() == null) {
                return url.replaceAll("/+$", "");
            }
            return uri.getScheme().toLowerCase(Locale.ROOT) + "://"
                    + (uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@")
                    + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + path;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("etcd endpoint " + url + ": " + e.getMessage(), e);
        }
    }

    public static StoreSettings etcd(String... endpoints) {
        return new StoreSettings(Type.ETCD, List.of(endpoints), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_KEEPALIVE_TIME, DEFAULT_KEEPALIVE_TIMEOUT);
    }

    public static StoreSettings consul(String... endpoints) {
        return new StoreSettings(Type.CONSUL, List.of(endpoints), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_KEEPALIVE_TIME, DEFAULT_KEEPALIVE_TIMEOUT);
    }

    public static StoreSettings memory() {
        return new StoreSettings(Type.MEMORY, List.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_KEEPALIVE_TIME, DEFAULT_KEEPALIVE_TIMEOUT);
    }

    public StoreSettings withRequestTimeout(Duration timeout) {
        return new StoreSettings(type, endpoints, username, password, token, tlsCa, tlsCert, tlsKey, timeout,
                keepaliveTime, keepaliveTimeout);
    }

    public StoreSettings withToken(String value) {
        return new StoreSettings(type, endpoints, username, password, Optional.of(value), tlsCa, tlsCert, tlsKey,
                requestTimeout, keepaliveTime, keepaliveTimeout);
    }

    public StoreSettings withCredentials(String user, String pass) {
        return new StoreSettings(type, endpoints, Optional.of(user), Optional.of(pass), token, tlsCa, tlsCert, tlsKey,
                requestTimeout, keepaliveTime, keepaliveTimeout);
    }

    public StoreSettings withTls(Path ca, Path cert, Path key) {
        return new StoreSettings(type, endpoints, username, password, token, Optional.ofNullable(ca),
                Optional.ofNullable(cert), Optional.ofNullable(key), requestTimeout, keepaliveTime, keepaliveTimeout);
    }

    /** The etcd client's connection keep-alive: ping after {@code time} idle, give up after {@code timeout}. */
    public StoreSettings withKeepalive(Duration time, Duration timeout) {
        return new StoreSettings(type, endpoints, username, password, token, tlsCa, tlsCert, tlsKey, requestTimeout,
                time, timeout);
    }
}
