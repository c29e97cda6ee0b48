package io.kvroute.proxy.runtime;

import io.kvroute.kv.model.Router;
import io.kvroute.kv.rule.Rule;
import io.kvroute.kv.rule.RuleParser;
import io.kvroute.kv.rule.RuleSyntaxException;
import io.kvroute.proxy.routing.LeftOutTlsRouter;
import io.kvroute.proxy.routing.RouteEntry;
import io.kvroute.proxy.routing.RouterTls;
import io.kvroute.proxy.routing.RoutingSnapshot;
import io.kvroute.proxy.tls.RuleHosts;
import io.kvroute.proxy.tls.TlsOptionsTable;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which TLS options each host name gets on each TLS entry point, as Traefik decides it: the options of the TLS
 * routers whose rule names the host with {@code Host}; when routers of one host name different options, Traefik
 * falls back to {@code default} for that host, and so does this. As Traefik's, this counts every TLS router of the
 * model, also those left out (a missing service, an unknown middleware, TLS options that cannot be served...): their
 * hosts stay on the HTTPS side with their options (options that cannot be served, which no connection can get: as
 * Traefik, the TLS connections naming them are closed, unless another router of the host names other options: then
 * {@code default}), and one without a {@code Host} still makes its entry points' HTTPS catch-all, so that a TCP
 * {@code HostSNI(`*`)} router does not take its connections; one whose rule does not parse claims nothing. Keeps the host names of each TLS route of the last
 * snapshot, so that a change parses only the rules of the routes it made anew (unchanged routers keep their route
 * instance). {@link #optionsRefusals} names the routers whose options are not the ones their connections get,
 * and where, which Traefik serves with a warning and kvroute leaves out there. Used on the pipeline thread only.
 */
final class TlsHostOptions {
    private Map<RouteEntry, List<String>> hostsByRoute = new IdentityHashMap<>();
    private Set<String> catchAll = Set.of();
    /** The TLS routes of the last {@link #of} whose rules also match requests to names outside their hosts. */
    private Set<RouteEntry> unconfined = Set.of();

    Map<String, Map<String, String>> of(RoutingSnapshot routing) {
        Map<String, Map<String, String>> byEntryPoint = new HashMap<>();
        Map<RouteEntry, List<String>> known = hostsByRoute;
        Map<RouteEntry, List<String>> next = new IdentityHashMap<>();
        Set<String> catchAllNow = new HashSet<>();
        Set<RouteEntry> unconfinedNow = Collections.newSetFromMap(new IdentityHashMap<>());
        for (RouteEntry route : routing.routes()) {
            if (route.tls().isEmpty()) {
                continue;
            }
            List<String> hosts = known.get(route);
            boolean confined = !unconfined.contains(route);
            if (hosts == null) {
                Rule rule = RuleParser.parse(route.match().router().rule(), route.match().router().syntax());
                hosts = RuleHosts.of(rule);
                confined = RuleHosts.confined(rule);
            }
            next.put(route, hosts);
            if (!confined) {
                unconfinedNow.add(route);
            }
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
        for (LeftOutTlsRouter leftOut : routing.leftOutTlsRouters()) {
            Optional<List<String>> parsed = hostsOf(leftOut.router());
            if (parsed.isEmpty()) {
                continue;
            }
            List<String> hosts = parsed.get();
            if (hosts.isEmpty()) {
                catchAllNow.addAll(leftOut.options().keySet());
            }
            leftOut.options().forEach((entryPoint, name) -> {
                Map<String, String> options = byEntryPoint.computeIfAbsent(entryPoint, e -> new HashMap<>());
                for (String host : hosts) {
                    options.merge(host, name, (first, other) -> first.equals(other) ? first
                            : RouterTls.DEFAULT_OPTIONS);
                }
            });
        }
        hostsByRoute = next;
        unconfined = unconfinedNow;
        catchAll = Set.copyOf(catchAllNow);
        return byEntryPoint;
    }

    /**
     * The hosts the rule of {@code router} names with {@code Host} (none: the router is an HTTPS catch-all, which
     * Traefik adds whatever its options); empty when the rule does not parse (Traefik adds nothing for it).
     */
    private static Optional<List<String>> hostsOf(Router router) {
        try {
            return Optional.of(RuleHosts.of(RuleParser.parse(router.rule(), router.syntax())));
        } catch (RuleSyntaxException | IllegalArgumentException unparsable) {
            return Optional.empty();
        }
    }

    /**
     * The routers of the last {@link #of}, which returned {@code byEntryPoint}, whose connections on a TLS entry point
     * cannot get the TLS options they name there, by router, with why by entry point (kvroute fails closed where
     * Traefik serves them with a warning; as in Traefik, options are decided per entry point, so a router is refused
     * only on the entry points where they are not its connections'): options other than {@code default} on a router
     * whose rule names no host cannot be chosen by SNI, a rule that also matches other hosts is reached over
     * connections with the {@code default} options, and options that another router of the same host and entry point
     * contradicts give way to {@code default}. Options {@link TlsOptionsTable#sameEffect equal in effect} to those
     * the connections get are served. Options that cannot be served at all (unknown, with errors) that the entry
     * point's {@code http.tls} gives a router refuse it there (the routing builder leaves out a router refused so on
     * all its entry points, or naming such options itself).
     */
    Map<String, SortedMap<String, String>> optionsRefusals(RoutingSnapshot routing,
            Map<String, Map<String, String>> byEntryPoint, TlsOptionsTable options) {
        Map<String, SortedMap<String, String>> refusals = new HashMap<>();
        for (RouteEntry route : routing.routes()) {
            List<String> hosts = hostsByRoute.get(route);
            if (hosts == null) {
                continue;
            }
            SortedMap<String, String> refused = new TreeMap<>();
            route.tls().forEach((entryPoint, tls) -> {
                String wanted = tls.optionsName();
                Map<String, String> served = byEntryPoint.getOrDefault(entryPoint, Map.of());
                Optional<String> message = options.refusal(wanted)
                        .map(why -> "the entry point's http.tls.options: " + why)
                        .or(() -> hosts.isEmpty()
                        ? Optional.of("no domain found in rule " + route.match().router().rule() + ", the TLS "
                                + "options " + wanted + " cannot be applied (a connection's options are chosen by its "
                                + "SNI among the Host names of the TLS routers; others get default)").filter(m ->
                                        !options.sameEffect(wanted, RouterTls.DEFAULT_OPTIONS))
                        : unconfined.contains(route) && !options.sameEffect(wanted, RouterTls.DEFAULT_OPTIONS)
                        ? Optional.of("rule " + route.match().router().rule() + " also matches requests to hosts "
                                + "other than " + String.join(", ", hosts) + ", whose connections get the default TLS "
                                + "options, not " + wanted)
                        : hosts.stream().filter(host -> !options.sameEffect(wanted, served.get(host))).findFirst()
                                .map(host -> "the TLS options " + wanted + " conflict with those of other routers of "
                                        + "host " + host + " on this entry point: its connections get the default "
                                        + "TLS options"));
                message.ifPresent(why -> refused.put(entryPoint, why));
            });
            if (!refused.isEmpty()) {
                refusals.put(route.name(), Collections.unmodifiableSortedMap(refused));
            }
        }
        return refusals;
    }

    /**
     * The TLS entry points of the last {@link #of} that have a TLS router whose rule names no host (Traefik's HTTPS
     * catch-all, which goes before a catch-all TCP router there).
     */
    Set<String> catchAllEntryPoints() {
        return catchAll;
    }
}
