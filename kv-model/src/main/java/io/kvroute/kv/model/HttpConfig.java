package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.MapMaker;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One provider's HTTP dynamic configuration: routers, services, middlewares and the servers transports services name,
 * by name (sorted). Entities with problems stay in the config; consumers exclude those with errors.
 */
public record HttpConfig(SortedMap<String, Router> routers, SortedMap<String, Service> services,
        SortedMap<String, Middleware> middlewares, SortedMap<String, ServersTransport> serversTransports) {
    /**
     * The maps {@link #checked} made, by identity (held weakly): a config made with a map of another config, as every
     * change makes three of its four kinds, takes it without going over its entities again.
     */
    private static final Set<Object> CHECKED = Collections.newSetFromMap(new MapMaker().weakKeys().makeMap());
    private static final HttpConfig EMPTY = new HttpConfig(ImmutableSortedMap.of(), ImmutableSortedMap.of(),
            ImmutableSortedMap.of());

    public HttpConfig {
        routers = checked("routers", routers, Router::name);
        services = checked("services", services, Service::name);
        middlewares = checked("middlewares", middlewares, Middleware::name);
        serversTransports = checked("serversTransports", serversTransports, ServersTransport::name);
    }

    /** A config without servers transports. */
    public HttpConfig(SortedMap<String, Router> routers, SortedMap<String, Service> services,
            SortedMap<String, Middleware> middlewares) {
        this(routers, services, middlewares, ImmutableSortedMap.of());
    }

    public static HttpConfig empty() {
        return EMPTY;
    }

    /** A config of these entities; names must be unique per kind. */
    public static HttpConfig of(Collection<Router> routers, Collection<? extends Service> services,
            Collection<? extends Middleware> middlewares) {
        return new HttpConfig(byName(routers, Router::name), byName(services, Service::name),
                byName(middlewares, Middleware::name));
    }

    public Optional<Router> router(String name) {
        return Optional.ofNullable(routers.get(name));
    }

    public Optional<Service> service(String name) {
        return Optional.ofNullable(services.get(name));
    }

    public Optional<Middleware> middleware(String name) {
        return Optional.ofNullable(middlewares.get(name));
    }

    public Optional<ServersTransport> serversTransport(String name) {
        return Optional.ofNullable(serversTransports.get(name));
    }

    /** This config with {@code router} added or replacing the one of the same name. */
    public HttpConfig withRouter(Router router) {
        return new HttpConfig(replaced(routers, router.name(), router), services, middlewares, serversTransports);
    }

    public HttpConfig withService(Service service) {
        return new HttpConfig(routers, replaced(services, service.name(), service), middlewares, serversTransports);
    }

    public HttpConfig withMiddleware(Middleware middleware) {
        return new HttpConfig(routers, services, replaced(middlewares, middleware.name(), middleware),
                serversTransports);
    }

    private static <T> SortedMap<String, T> checked(String field, SortedMap<String, T> map, Function<T, String> name) {
        requireNonNull(map, field);
        if (CHECKED.contains(map)) {
            return map;
        }
        for (Map.Entry<String, T> entry : map.entrySet()) {
            String entityName = name.apply(entry.getValue());
            if (!entry.getKey().equals(entityName)) {
                throw new IllegalArgumentException(
                        field + ": key \"" + entry.getKey() + "\" (expected: the entity's name \"" + entityName + "\")");
            }
        }
        ImmutableSortedMap<String, T> checked = ImmutableSortedMap.copyOf(map);
        CHECKED.add(checked);
        return checked;
    }

    private static <T> SortedMap<String, T> byName(Collection<? extends T> entities, Function<T, String> name) {
        ImmutableSortedMap.Builder<String, T> builder = ImmutableSortedMap.naturalOrder();
        for (T entity : requireNonNull(entities, "entities")) {
            builder.put(name.apply(entity), entity);
        }
        return builder.buildOrThrow();
    }

    private static <T> SortedMap<String, T> replaced(SortedMap<String, T> map, String name, T entity) {
        TreeMap<String, T> copy = new TreeMap<>(map);
        copy.put(name, entity);
        return copy;
    }
}
