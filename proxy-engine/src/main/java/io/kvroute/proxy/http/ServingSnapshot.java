package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.Router;
import io.kvroute.proxy.routing.ConfigVersion;
import io.kvroute.proxy.routing.RoutingSnapshot;
import io.kvroute.proxy.tls.ConnectionOptions;
import io.undertow.server.HttpHandler;
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
 * @param tlsConnections the TLS options the configuration gives the connections of its TLS entry points: a request
 *                     over a connection made with others is not routed by this snapshot
 */
public record ServingSnapshot(RoutingSnapshot routing, Map<String, HttpHandler> routerHandlers,
        List<ChainProblem> problems, Map<String, Router> heldRouters, Map<String, Set<String>> leftOutOn,
        ConnectionOptions tlsConnections) {
    public ServingSnapshot {
        requireNonNull(routing, "routing");
        requireNonNull(tlsConnections, "tlsConnections");
        routerHandlers = Map.copyOf(routerHandlers);
        problems = List.copyOf(problems);
        heldRouters = Map.copyOf(heldRouters);
        leftOutOn = leftOutOn.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                entry -> Set.copyOf(entry.getValue())));
    }

    /**
     * A snapshot whose routers with a chain are served on all their entry points, over any connection (before the
     * TLS options of its configuration are added, {@link #withTlsConnections}).
     */
    public ServingSnapshot(RoutingSnapshot routing, Map<String, HttpHandler> routerHandlers,
            List<ChainProblem> problems, Map<String, Router> heldRouters) {
        this(routing, routerHandlers, problems, heldRouters, Map.of(), ConnectionOptions.UNCHECKED);
    }

    /** The chain of {@code router} on {@code entryPoint}; null when the router is not served there. */
    public HttpHandler chain(String router, String entryPoint) {
        Set<String> out = leftOutOn.get(router);
        return out != null && out.contains(entryPoint) ? null : routerHandlers.get(router);
    }

    /** This snapshot routing only requests over connections made with {@code tlsConnections}. */
    public ServingSnapshot withTlsConnections(ConnectionOptions tlsConnections) {
        return new ServingSnapshot(routing, routerHandlers, problems, heldRouters, leftOutOn, tlsConnections);
    }

    /** This snapshot with its routing stamped with {@code version} ({@link RoutingSnapshot#withVersion}). */
    public ServingSnapshot withVersion(ConfigVersion version) {
        return new ServingSnapshot(routing.withVersion(version), routerHandlers, problems, heldRouters, leftOutOn,
                tlsConnections);
    }

    public static ServingSnapshot empty() {
        return new ServingSnapshot(RoutingSnapshot.empty(), Map.of(), List.of(), Map.of());
    }
}
