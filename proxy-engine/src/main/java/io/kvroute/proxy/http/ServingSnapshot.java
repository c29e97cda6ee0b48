package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.Router;
import io.kvroute.proxy.routing.RoutingSnapshot;
import io.undertow.server.HttpHandler;
import java.util.List;
import java.util.Map;

/**
 * What the entry points serve from: the routing snapshot plus, per router, its ready handler chain (middlewares
 * and the proxy handler), built once per configuration. Swapped whole; requests read it once.
 *
 * @param problems     router chains that could not be built (bad middleware settings) or warnings about them
 * @param heldRouters  routers still served although their keys are gone from the store (their service remains, and
 *                     another agent may re-assert them in a moment), by name
 */
public record ServingSnapshot(RoutingSnapshot routing, Map<String, HttpHandler> routerHandlers,
        List<ChainProblem> problems, Map<String, Router> heldRouters) {
    public ServingSnapshot {
        requireNonNull(routing, "routing");
        routerHandlers = Map.copyOf(routerHandlers);
        problems = List.copyOf(problems);
        heldRouters = Map.copyOf(heldRouters);
    }

    public static ServingSnapshot empty() {
        return new ServingSnapshot(RoutingSnapshot.empty(), Map.of(), List.of(), Map.of());
    }
}
