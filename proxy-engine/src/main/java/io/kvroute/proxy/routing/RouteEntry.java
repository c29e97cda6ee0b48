package io.kvroute.proxy.routing;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * One routable router in a snapshot: its effective priority, the entry points it serves (empty: all the proxy
 * serves), its compiled rule and the match it yields.
 */
public record RouteEntry(int priority, Set<String> entryPoints, CompiledRule rule, RouteMatch match) {
    public RouteEntry {
        entryPoints = Set.copyOf(entryPoints);
        requireNonNull(rule, "rule");
        requireNonNull(match, "match");
    }

    public String name() {
        return match.routerName();
    }

    public boolean servesEntryPoint(String entryPoint) {
        return entryPoints.isEmpty() || entryPoints.contains(entryPoint);
    }
}
