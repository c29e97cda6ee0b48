package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.routing.RoutingSnapshot;
import io.undertow.server.HttpHandler;
import java.util.List;
import java.util.Map;

/**
 * What the entry points serve from: the routing snapshot plus, per router, its ready handler chain (middlewares
 * and the proxy handler), built once per configuration. Swapped whole; requests read it once.
 *
 * @param problems router chains that could not be built (bad middleware settings) or warnings about them
 */
public record ServingSnapshot(RoutingSnapshot routing, Map<String, HttpHandler> routerHandlers,
        List<ChainProblem> problems) {
    public ServingSnapshot {
        requireNonNull(routing, "routing");
        routerHandlers = Map.copyOf(routerHandlers);
        problems = List.copyOf(problems);
    }

    public static ServingSnapshot empty() {
        return new ServingSnapshot(RoutingSnapshot.empty(), Map.of(), List.of());
    }
}
