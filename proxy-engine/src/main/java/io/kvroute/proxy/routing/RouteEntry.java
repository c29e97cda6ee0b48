package io.kvroute.proxy.routing;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Set;

/**
 * One routable router in a snapshot: its effective priority, the entry points it serves (empty: all the proxy
 * serves), its compiled rule, the match it yields, and on each TLS entry point it serves the TLS settings it is
 * served with there (its own {@code tls}, completed by the entry point's {@code http.tls}).
 */
public record RouteEntry(int priority, Set<String> entryPoints, CompiledRule rule, RouteMatch match,
        Map<String, RouterTls> tls) {
    public RouteEntry {
        entryPoints = Set.copyOf(entryPoints);
        requireNonNull(rule, "rule");
        requireNonNull(match, "match");
        tls = Map.copyOf(tls);
    }

    /** A route served on plain entry points only. */
    public RouteEntry(int priority, Set<String> entryPoints, CompiledRule rule, RouteMatch match) {
        this(priority, entryPoints, rule, match, Map.of());
    }

    public String name() {
        return match.routerName();
    }

    public boolean servesEntryPoint(String entryPoint) {
        return entryPoints.isEmpty() || entryPoints.contains(entryPoint);
    }
}
