package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a middleware may use while its chain is built: where to report a {@link ToleratedDeviation}, the
 * process's {@link MiddlewareEvents} to count what it does per request, the configuration's services
 * ({@link ServiceRequests}), the provider Traefik would name it by, the proxy's entry points and the router's
 * path rewrites ({@link ChainScope}), and rateLimit's Redis stores, recorded as the chain's ({@link RedisStores}).
 */
public final class MiddlewareContext {
    private final MiddlewareEvents events;
    private final List<MiddlewareWarning> warnings;
    private final ServiceRequests services;
    private final ChainScope scope;
    private final List<RedisTokenBuckets> redisStores = new ArrayList<>();

    MiddlewareContext(MiddlewareEvents events, List<MiddlewareWarning> warnings, ServiceRequests services,
            ChainScope scope) {
        this.events = requireNonNull(events, "events");
        this.warnings = requireNonNull(warnings, "warnings");
        this.services = requireNonNull(services, "services");
        this.scope = requireNonNull(scope, "scope");
    }

    /**
     * The provider of the configuration ({@code etcd}, {@code consul}, ...), which Traefik appends to a middleware's
     * name ({@code limit@etcd}); empty for a chain built outside a proxy runtime (the dashboard's own auth).
     */
    public String provider() {
        return scope.provider();
    }

    /** Reports a harmless difference of the chain being built. */
    void warn(MiddlewareWarning warning) {
        warnings.add(requireNonNull(warning, "warning"));
    }

    /** How to send requests to the configuration's services (error pages). */
    public ServiceRequests services() {
        return services;
    }

    /** The proxy's HTTP entry point {@code name}, if it has one of that name. */
    Optional<EntryPointTarget> entryPoint(String name) {
        return Optional.ofNullable(scope.entryPoints().get(name));
    }

    /** The names of the proxy's HTTP entry points, sorted. */
    Set<String> entryPointNames() {
        return scope.entryPoints().keySet();
    }

    /** Whether the router's rule rewrites the request path before its chain (Traefik 1.7 path modifiers). */
    boolean v1PathRewrites() {
        return scope.v1PathRewrites();
    }

    /** The TLS to servers each TLS entry point gives Traefik 1.7's {@code passTLSCert} frontends. */
    EntryPointClientTls clientTls() {
        return scope.clientTls();
    }

    /** The Redis store of {@code settings}, which the chain being built uses. */
    RedisTokenBuckets redisStore(RedisStoreSettings settings) {
        RedisTokenBuckets store = RedisStores.acquire(settings);
        redisStores.add(store);
        return store;
    }

    /** The Redis stores the chain being built uses. */
    List<RedisTokenBuckets> redisStores() {
        return redisStores;
    }

    /** The counter of {@code event} for {@code middleware}, taken once when the chain is built. */
    public LongAdder counter(String middleware, String event) {
        return events.counter(middleware, event);
    }
}
