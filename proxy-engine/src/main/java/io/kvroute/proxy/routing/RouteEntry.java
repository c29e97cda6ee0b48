package io.kvroute.proxy.routing;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Set;

/**
 * One routable router in a snapshot: its effective priority, the entry points it serves (empty: all the proxy
 * serves), its compiled rule, the match it yields, and on each entry point where it is a TLS route the TLS settings
 * it is served with there (its own {@code tls}, completed by a TLS entry point's {@code http.tls}): there it is served
 * on TLS connections only, elsewhere on plain connections only.
 */
public record RouteEntry(long priority, Set<String> entryPoints, CompiledRule rule, RouteMatch match,
        Map<String, RouterTls> tls) {
    public RouteEntry {
        entryPoints = Set.copyOf(entryPoints);
        requireNonNull(rule, "rule");
        requireNonNull(match, "match");
        tls = Map.copyOf(tls);
    }

    /** A route served on plain entry points only. */
    public RouteEntry(long priority, Set<String> entryPoints, CompiledRule rule, RouteMatch match) {
        this(priority, entryPoints, rule, match, Map.of());
    }

    public String name() {
        return match.routerName();
    }

    public boolean servesEntryPoint(String entryPoint) {
        return entryPoints.isEmpty() || entryPoints.contains(entryPoint);
    }

    /** Whether it serves {@code entryPoint}'s connections that are TLS ({@code tlsConnection}) or plain. */
    public boolean servesConnection(String entryPoint, boolean tlsConnection) {
        return servesEntryPoint(entryPoint) && tls.containsKey(entryPoint) == tlsConnection;
    }
}
