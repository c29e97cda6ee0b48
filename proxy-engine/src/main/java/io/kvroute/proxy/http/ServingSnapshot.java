package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.Router;
import io.kvroute.proxy.routing.RoutingSnapshot;
import io.undertow.server.HttpHandler;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the entry points serve from: the routing snapshot plus, per router, its ready handler chain (middlewares
 * and the proxy handler), built once per configuration. Swapped whole; requests read it once.
 *
 * @param problems     router chains that could not be built (bad middleware settings) or warnings about them
 * @param heldRouters  routers still served although their keys are gone from the store (their service remains, and
 *                     another agent may re-assert them in a moment), by name
 * @param leftOutOn    the entry points a router with a chain is not served on (its TLS options cannot be applied
 *                     there, but can on its other entry points), by router name
 */
public record ServingSnapshot(RoutingSnapshot routing, Map<String, HttpHandler> routerHandlers,
        List<ChainProblem> problems, Map<String, Router> heldRouters, Map<String, Set<String>> leftOutOn) {
    public ServingSnapshot {
        requireNonNull(routing, "routing");
        routerHandlers = Map.copyOf(routerHandlers);
        problems = List.copyOf(problems);
        heldRouters = Map.copyOf(heldRouters);
        leftOutOn = leftOutOn.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                entry -> Set.copyOf(entry.getValue())));
    }

    /** A snapshot whose routers with a chain are served on all their entry points. */
    public ServingSnapshot(RoutingSnapshot routing, Map<String, HttpHandler> routerHandlers,
            List<ChainProblem> problems, Map<String, Router> heldRouters) {
        this(routing, routerHandlers, problems, heldRouters, Map.of());
    }

    /** The chain of {@code router} on {@code entryPoint}; null when the router is not served there. */
    public HttpHandler chain(String router, String entryPoint) {
        Set<String> out = leftOutOn.get(router);
        return out != null && out.contains(entryPoint) ? null : routerHandlers.get(router);
    }

    /**
     * This snapshot with each router of {@code entryPoints} also left out on those entry points (requests that
     * would reach it there get the 404 of no route).
     */
    public ServingSnapshot leftOutAlsoOn(Map<String, Set<String>> entryPoints) {
        Map<String, Set<String>> out = new HashMap<>(leftOutOn);
        entryPoints.forEach((router, more) -> out.merge(router, more, (was, added) -> {
            Set<String> both = new HashSet<>(was);
            both.addAll(added);
            return both;
        }));
        return new ServingSnapshot(routing, routerHandlers, problems, heldRouters, out);
    }

    public static ServingSnapshot empty() {
        return new ServingSnapshot(RoutingSnapshot.empty(), Map.of(), List.of(), Map.of());
    }
}
