package io.kvroute.proxy.runtime;

import io.kvroute.kv.rule.RuleParser;
import io.kvroute.proxy.routing.RouteEntry;
import io.kvroute.proxy.routing.RouterTls;
import io.kvroute.proxy.routing.RoutingSnapshot;
import io.kvroute.proxy.tls.RuleHosts;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which TLS options each host name gets on each TLS entry point, as Traefik decides it: the options of the TLS
 * routers whose rule names the host with {@code Host}; when routers of one host name different options, Traefik
 * falls back to {@code default} for that host, and so does this. Keeps the host names of each TLS route of the last
 * snapshot, so that a change parses only the rules of the routes it made anew (unchanged routers keep their route
 * instance). Used on the pipeline thread only.
 */
final class TlsHostOptions {
    private Map<RouteEntry, List<String>> hostsByRoute = new IdentityHashMap<>();
    private Set<String> catchAll = Set.of();

    Map<String, Map<String, String>> of(RoutingSnapshot routing) {
        Map<String, Map<String, String>> byEntryPoint = new HashMap<>();
        Map<RouteEntry, List<String>> known = hostsByRoute;
        Map<RouteEntry, List<String>> next = new IdentityHashMap<>();
        Set<String> catchAllNow = new HashSet<>();
        for (RouteEntry route : routing.routes()) {
            if (route.tls().isEmpty()) {
                continue;
            }
            List<String> hosts = known.get(route);
            if (hosts == null) {
                hosts = RuleHosts.of(RuleParser.parse(route.match().router().rule(), route.match().router().syntax()));
            }
            next.put(route, hosts);
            List<String> named = hosts;
            if (hosts.isEmpty()) {
                catchAllNow.addAll(route.tls().keySet());
            }
            route.tls().forEach((entryPoint, tls) -> {
                Map<String, String> options = byEntryPoint.computeIfAbsent(entryPoint, e -> new HashMap<>());
                for (String host : named) {
                    options.merge(host, tls.optionsName(),
                            (first, other) -> first.equals(other) ? first : RouterTls.DEFAULT_OPTIONS);
                }
            });
        }
        hostsByRoute = next;
        catchAll = Set.copyOf(catchAllNow);
        return byEntryPoint;
    }

    /**
     * The TLS entry points of the last {@link #of} that have a TLS router whose rule names no host (Traefik's HTTPS
     * catch-all, which goes before a catch-all TCP router there).
     */
    Set<String> catchAllEntryPoints() {
        return catchAll;
    }
}
