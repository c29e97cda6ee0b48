package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import java.util.TreeSet;

/**
 * The names of the entities of its own configuration that one router or weighted service refers to (references to
 * other providers left out): the services and middlewares whose presence (and, for a middleware, kind) its reference
 * problems ({@link TraefikJsonMapper#referenceProblems}) depend on.
 */
public record References(Set<String> services, Set<String> middlewares) {
    /** No references: a middleware's, a load-balancer service's. */
    public static final References NONE = new References(Set.of(), Set.of());

    public References {
        services = Set.copyOf(services);
        middlewares = Set.copyOf(middlewares);
    }

    public static References of(Router router) {
        requireNonNull(router, "router");
        Set<String> services = new TreeSet<>();
        Set<String> middlewares = new TreeSet<>();
        if (!router.service().isEmpty()) {
            addOwn(router.service(), services);
        }
        router.middlewares().forEach(reference -> addOwn(reference, middlewares));
        return new References(services, middlewares);
    }

    public static References of(Service service) {
        requireNonNull(service, "service");
        Set<String> services = new TreeSet<>();
        if (service instanceof WeightedService weighted) {
            weighted.services().forEach(target -> addOwn(target.name(), services));
        }
        return new References(services, Set.of());
    }

    private static void addOwn(String reference, Set<String> names) {
        ProviderReference parsed = ProviderReference.parse(reference);
        if (!parsed.isForeign()) {
            names.add(parsed.name());
        }
    }
}
