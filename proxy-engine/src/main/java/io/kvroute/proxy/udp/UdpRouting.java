package io.kvroute.proxy.udp;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.routing.Exclusion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The immutable UDP routing state: per UDP entry point the one {@link UdpRoute} it serves, and the routers and
 * services left out with their reasons. Built by {@link UdpRoutingBuilder}; held in one reference, never null,
 * swapped whole; a new session reads it once (sessions already open keep their server).
 */
public final class UdpRouting {
    private static final UdpRouting EMPTY = new UdpRouting(Map.of(), List.of());

    private final Map<String, UdpRoute> routes;
    private final List<Exclusion> exclusions;

    UdpRouting(Map<String, UdpRoute> routes, List<Exclusion> exclusions) {
        this.routes = Map.copyOf(routes);
        this.exclusions = List.copyOf(exclusions);
    }

    public static UdpRouting empty() {
        return EMPTY;
    }

    /** The route of {@code entryPoint}; empty when no UDP router is served there. */
    Optional<UdpRoute> route(String entryPoint) {
        return Optional.ofNullable(routes.get(requireNonNull(entryPoint, "entryPoint")));
    }

    /** The UDP routers and services left out, and why. */
    public List<Exclusion> exclusions() {
        return exclusions;
    }

    /** The names of the routers served on some UDP entry point. */
    public Set<String> servedRouters() {
        Set<String> served = new TreeSet<>();
        routes.values().forEach(route -> served.add(route.router()));
        return served;
    }
}
