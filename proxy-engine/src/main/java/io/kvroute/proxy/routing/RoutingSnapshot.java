package io.kvroute.proxy.routing;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSortedMap;
import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.Service;
import io.kvroute.proxy.balancer.BalancerRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

/**
 * The immutable routing state of the proxy: routes in priority order with compiled rules, the balancers of the
 * usable services, the usable middlewares, and every excluded entity with its reasons. Built by
 * {@link SnapshotBuilder}; held in one {@code AtomicReference}, never null (start with {@link #empty()}), swapped
 * whole. A request handler reads the reference once and calls {@link #route} on that snapshot.
 */
public final class RoutingSnapshot {
    private static final RoutingSnapshot EMPTY = new RoutingSnapshot(0, ConfigVersion.NONE, Set.of(), List.of(),
            null, Set.of(), List.of(), List.of(), BalancerRegistry.empty(), ImmutableSortedMap.of(), Map.of(),
            BuildMemo.NONE);

    private final long generation;
    private final ConfigVersion version;
    private final List<RouteEntry> routes;
    private final List<Exclusion> exclusions;
    private final BalancerRegistry balancers;
    private final SortedMap<String, Middleware> middlewares;
    /** The routes of each entry point's plain connections. */
    private final Map<String, List<RouteEntry>> plainRoutes;
    /** The routes of each entry point's TLS connections. */
    private final Map<String, List<RouteEntry>> tlsRoutes;
    private final Map<String, Service> balancedServices;
    private final BuildMemo memo;

    /**
     * @param routes the routes in routing order
     * @param routesBefore the routes of the snapshot this one redid only the changes of: {@code routes} are those
     *                     less {@code dropped} plus {@code added}, and so is each entry point's share of them (found
     *                     by splicing the before's share, not by going over every route again); null when built from
     *                     nothing
     */
    RoutingSnapshot(long generation, ConfigVersion version, Set<String> entryPoints, List<RouteEntry> routes,
            RoutingSnapshot routesBefore, Set<RouteEntry> dropped, List<RouteEntry> added, List<Exclusion> exclusions,
            BalancerRegistry balancers, SortedMap<String, Middleware> middlewares,
            Map<String, Service> balancedServices, BuildMemo memo) {
        this.generation = generation;
        this.version = requireNonNull(version, "version");
        this.routes = List.copyOf(routes);
        this.exclusions = List.copyOf(exclusions);
        this.balancers = requireNonNull(balancers, "balancers");
        this.middlewares = ImmutableSortedMap.copyOfSorted(middlewares);
        this.plainRoutes = routesBefore == null || !routesBefore.entryPoints().equals(entryPoints)
                ? byEntryPoint(entryPoints, this.routes, false)
                : spliced(routesBefore.plainRoutes, dropped, added, false);
        this.tlsRoutes = routesBefore == null || !routesBefore.entryPoints().equals(entryPoints)
                ? byEntryPoint(entryPoints, this.routes, true)
                : spliced(routesBefore.tlsRoutes, dropped, added, true);
        this.balancedServices = Map.copyOf(balancedServices);
        this.memo = requireNonNull(memo, "memo");
    }

    /** A copy of {@code snapshot} with another version, sharing every other field. */
    private RoutingSnapshot(RoutingSnapshot snapshot, ConfigVersion version) {
        this.generation = snapshot.generation;
        this.version = requireNonNull(version, "version");
        this.routes = snapshot.routes;
        this.exclusions = snapshot.exclusions;
        this.balancers = snapshot.balancers;
        this.middlewares = snapshot.middlewares;
        this.plainRoutes = snapshot.plainRoutes;
        this.tlsRoutes = snapshot.tlsRoutes;
        this.balancedServices = snapshot.balancedServices;
        this.memo = snapshot.memo;
    }

    private static Map<String, List<RouteEntry>> byEntryPoint(Set<String> entryPoints, List<RouteEntry> routes,
            boolean tlsConnections) {
        Map<String, List<RouteEntry>> byEntryPoint = new HashMap<>();
        for (String entryPoint : entryPoints) {
            List<RouteEntry> served = new ArrayList<>();
            for (RouteEntry route : routes) {
                if (route.servesConnection(entryPoint, tlsConnections)) {
                    served.add(route);
                }
            }
            byEntryPoint.put(entryPoint, List.copyOf(served));
        }
        return Map.copyOf(byEntryPoint);
    }

    /** Each entry point's routes before, less {@code dropped}, plus those of {@code added} that serve it. */
    private static Map<String, List<RouteEntry>> spliced(Map<String, List<RouteEntry>> before,
            Set<RouteEntry> dropped, List<RouteEntry> added, boolean tlsConnections) {
        Map<String, List<RouteEntry>> byEntryPoint = new HashMap<>();
        before.forEach((entryPoint, routes) -> {
            List<RouteEntry> serving = added.stream()
                    .filter(route -> route.servesConnection(entryPoint, tlsConnections)).toList();
            byEntryPoint.put(entryPoint, List.copyOf(RouteOrder.splice(routes, dropped, serving)));
        });
        return Map.copyOf(byEntryPoint);
    }

    /** The snapshot before any configuration: generation 0, no routes. */
    public static RoutingSnapshot empty() {
        return EMPTY;
    }

    /**
     * The first route, in priority order, that serves {@code entryPoint}'s TLS connections ({@code tlsConnection}) or
     * plain ones and whose rule matches; empty means 404. Allocates nothing but the {@code Optional}.
     */
    public Optional<RouteMatch> route(RequestView request, String entryPoint, boolean tlsConnection) {
        requireNonNull(request, "request");
        for (RouteEntry route : routesServing(requireNonNull(entryPoint, "entryPoint"), tlsConnection)) {
            if (route.rule().matches(request)) {
                return Optional.of(route.match());
            }
        }
        return Optional.empty();
    }

    /**
     * The routes, in routing order, that serve {@code entryPoint}'s TLS connections ({@code tlsConnections}) or plain
     * ones.
     */
    List<RouteEntry> routesServing(String entryPoint, boolean tlsConnections) {
        return (tlsConnections ? tlsRoutes : plainRoutes).getOrDefault(entryPoint, List.of());
    }

    /** Counts up by one with every build; 0 for {@link #empty()}. */
    public long generation() {
        return generation;
    }

    public ConfigVersion version() {
        return version;
    }

    /**
     * This snapshot stamped with {@code version}, for a newer read of the same configuration: the same generation,
     * routes, balancers and build memo (the next build goes on from them as from this one).
     */
    public RoutingSnapshot withVersion(ConfigVersion version) {
        return new RoutingSnapshot(this, version);
    }

    /** Every routable router, highest priority first, ties by name. */
    public List<RouteEntry> routes() {
        return routes;
    }

    /** The routers, services and middlewares left out, routers first, each kind by name. */
    public List<Exclusion> exclusions() {
        return exclusions;
    }

    /** The balancers of every usable service. */
    public BalancerRegistry balancers() {
        return balancers;
    }

    /** The usable middlewares by name. */
    public SortedMap<String, Middleware> middlewares() {
        return middlewares;
    }

    /**
     * The model instance each load-balanced service's balancer was built from, by name: the next build reuses the
     * balancer of a service whose instance is the same without reading its servers again.
     */
    public Map<String, Service> balancedServices() {
        return balancedServices;
    }

    /**
     * The TLS routers left out, for any reason, with their TLS options' names by TLS entry point: Traefik keeps their
     * hosts (or the HTTPS catch-all) on the HTTPS side of those entry points, and closes the TLS connections whose SNI
     * is a host of a router whose options cannot be served.
     */
    public List<LeftOutTlsRouter> leftOutTlsRouters() {
        List<LeftOutTlsRouter> leftOut = new ArrayList<>();
        memo.routers().forEach(outcome -> {
            if (!outcome.leftOutTls().isEmpty()) {
                leftOut.add(new LeftOutTlsRouter(outcome.router(), outcome.leftOutTls()));
            }
        });
        return List.copyOf(leftOut);
    }

    /** The route of the router named {@code router}, if this snapshot routes it. */
    public Optional<RouteEntry> routeOf(String router) {
        BuildMemo.RouterOutcome outcome = memo.routers().get(requireNonNull(router, "router"));
        return outcome == null ? Optional.empty() : outcome.route();
    }

    /**
     * The routers whose route may differ from {@code before}'s (worked out anew, added or removed) when this snapshot
     * was built from {@code before} by redoing only what changed; empty when it was not, and every route may differ.
     */
    public Optional<Set<String>> routersChangedSince(RoutingSnapshot before) {
        requireNonNull(before, "before");
        return memo.builtFrom() == before.memo.token() ? Optional.of(memo.redone()) : Optional.empty();
    }

    /** What the build of this snapshot worked out, for the next build. */
    BuildMemo memo() {
        return memo;
    }

    /** The entry points this snapshot routes for. */
    public Set<String> entryPoints() {
        return plainRoutes.keySet();
    }
}
