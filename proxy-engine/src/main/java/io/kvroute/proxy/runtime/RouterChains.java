package io.kvroute.proxy.runtime;

import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.Retry;
import io.kvroute.kv.model.Router;
import io.kvroute.proxy.http.ChainProblem;
import io.kvroute.proxy.http.ServiceCalls;
import io.kvroute.proxy.http.ServingSnapshot;
import io.kvroute.proxy.http.SnapshotProxyClient;
import io.kvroute.proxy.middleware.ChainScope;
import io.kvroute.proxy.middleware.EntryPointClientTls;
import io.kvroute.proxy.middleware.EntryPointTarget;
import io.kvroute.proxy.middleware.MiddlewareChain;
import io.kvroute.proxy.middleware.MiddlewareEvents;
import io.kvroute.proxy.middleware.MiddlewareException;
import io.kvroute.proxy.routing.RouteEntry;
import io.kvroute.proxy.routing.RoutingSnapshot;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.proxy.ProxyHandler;
import io.undertow.util.StatusCodes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds each router's handler chain for a routing snapshot: its middlewares around an Undertow ProxyHandler that
 * uses the shared {@link SnapshotProxyClient}, knowing the proxy's HTTP entry points and the TLS to servers they give
 * Traefik 1.7 {@code passTLSCert} frontends, read live ({@link ChainScope}). A router whose middlewares cannot work (bad settings, unreadable users
 * file) gets no chain and is reported; the others serve. A chain depends on nothing but the router's middlewares,
 * whether its rule rewrites paths, how many times its proxy tries a request (retry, connect retries, a failover's
 * {@code errors}) and, for an {@code errors} middleware, whether its page service can serve (the balancer is looked up
 * per request; entry points do not change while the proxy runs), so a router whose middlewares are those of the
 * previous snapshot, where it was served, with the same tries, keeps that chain and the warnings it was built with (a
 * rebuilt chain would reset its rateLimit buckets and inFlightReq counts). When the routing snapshot was built from
 * the previous one by redoing only what changed, only the routers it redid, those reported before and, when services
 * changed, those with an {@code errors} middleware are looked at.
 */
final class RouterChains {
    /** Where ProxyHandler sends a request when the client finds no usable server (all down, ejected or drained). */
    private static final HttpHandler NO_SERVER = exchange -> {
        exchange.setStatusCode(StatusCodes.SERVICE_UNAVAILABLE);
        exchange.getResponseSender().send("no available server\n");
    };

    private RouterChains() {
    }

    static ServingSnapshot build(RoutingSnapshot routing, SnapshotProxyClient client, ProxySettings settings,
            Map<String, EntryPointTarget> entryPoints, EntryPointClientTls clientTls, MiddlewareEvents events,
            ServiceCalls services, String provider, Map<String, Router> heldRouters, ServingSnapshot previous) {
        ServiceCalls building = services.buildingFor(routing);
        Set<String> leftOut = new HashSet<>();
        Map<String, List<ChainProblem>> chainWarnings = new HashMap<>();
        for (ChainProblem problem : previous.problems()) {
            if (!problem.served()) {
                leftOut.add(problem.router());
            } else if (problem.middleware().isPresent()) {
                chainWarnings.computeIfAbsent(problem.router(), r -> new ArrayList<>()).add(problem);
            }
        }
        boolean servicesChanged = routing.balancers() != previous.routing().balancers();
        Kept kept = new Kept(previous, leftOut, chainWarnings, servicesChanged);
        List<ChainProblem> problems = new ArrayList<>();
        Optional<Set<String>> changed = routing.routersChangedSince(previous.routing());
        if (changed.isEmpty()) {
            Map<String, HttpHandler> handlers = new HashMap<>();
            routing.routes().forEach(entry ->
                    chain(entry, client, settings, entryPoints, clientTls, events, building, provider, kept,
                            handlers, problems));
            return new ServingSnapshot(routing, handlers, problems, heldRouters);
        }
        Set<String> again = new HashSet<>(changed.get());
        again.addAll(leftOut);
        again.addAll(chainWarnings.keySet());
        if (servicesChanged) {
            // an errors middleware's page service may be gone or back: its chain is checked again
            for (RouteEntry entry : routing.routes()) {
                if (callsAService(entry)) {
                    again.add(entry.name());
                }
            }
        }
        Map<String, HttpHandler> chainedAgain = new HashMap<>();
        for (String router : again) {
            routing.routeOf(router).ifPresent(entry ->
                    chain(entry, client, settings, entryPoints, clientTls, events, building, provider, kept,
                            chainedAgain, problems));
        }
        return new ServingSnapshot(routing, withChainedAgain(previous.routerHandlers(), again, chainedAgain),
                problems, heldRouters);
    }

    /**
     * {@code before} with the chains of the routers {@code again} replaced by those of {@code chainedAgain} (none
     * there: no chain): {@code before} itself when every one is the chain it had (a changed rule keeps its chain),
     * else the immutable map the serving snapshot keeps as it is (no mutable copy made first).
     */
    private static Map<String, HttpHandler> withChainedAgain(Map<String, HttpHandler> before, Set<String> again,
            Map<String, HttpHandler> chainedAgain) {
        boolean same = true;
        for (String router : again) {
            same &= before.get(router) == chainedAgain.get(router);
        }
        if (same) {
            return before;
        }
        List<Map.Entry<String, HttpHandler>> handlers = new ArrayList<>(before.size() + chainedAgain.size());
        for (Map.Entry<String, HttpHandler> handler : before.entrySet()) {
            if (!again.contains(handler.getKey())) {
                handlers.add(handler);
            }
        }
        handlers.addAll(chainedAgain.entrySet());
        @SuppressWarnings("unchecked") // Map.ofEntries takes an array, and Java makes no array of a generic type
        Map.Entry<String, HttpHandler>[] entries = handlers.toArray(Map.Entry[]::new);
        return Map.ofEntries(entries);
    }

    /**
     * What the previous snapshot leaves to reuse: its chains, but not those of the routers it left out, and the
     * warnings its chains were built with, which a kept chain keeps.
     */
    private record Kept(ServingSnapshot previous, Set<String> leftOut, Map<String, List<ChainProblem>> warnings,
            boolean servicesChanged) {
    }

    /** Puts the chain of {@code entry}'s router into {@code handlers}: the one before if it fits, else a new one. */
    private static void chain(RouteEntry entry, SnapshotProxyClient client, ProxySettings settings,
            Map<String, EntryPointTarget> entryPoints, EntryPointClientTls clientTls, MiddlewareEvents events,
            ServiceCalls services, String provider, Kept kept, Map<String, HttpHandler> handlers,
            List<ChainProblem> problems) {
        String router = entry.match().routerName();
        HttpHandler before = kept.previous().routerHandlers().get(router);
        if (before != null && !kept.leftOut().contains(router)
                && sameChain(kept.previous().routing(), entry, client, kept.servicesChanged())) {
            handlers.put(router, before);
            problems.addAll(kept.warnings().getOrDefault(router, List.of()));
            return;
        }
        ProxyHandler proxy = ProxyHandler.builder()
                .setProxyClient(client)
                .setMaxRequestTime((int) settings.requestTimeout().toMillis())
                .setMaxConnectionRetries(client.connectionRetries(entry.match()))
                .setReuseXForwarded(true)
                .setIdempotentRequestPredicate(SnapshotProxyClient.RETRIED_REQUESTS)
                .setRewriteHostHeader(false)
                .setNext(NO_SERVER)
                .build();
        try {
            MiddlewareChain chain = MiddlewareChain.build(entry.match().middlewares(), proxy, events, services,
                    new ChainScope(provider, entryPoints, !entry.match().rewrites().isEmpty(), clientTls));
            chain.warnings().forEach(warning ->
                    problems.add(ChainProblem.warning(router, warning.middleware(), warning.toLine())));
            handlers.put(router, chain.handler());
        } catch (MiddlewareException e) {
            problems.add(ChainProblem.notServed(router, e.middleware(), e.getMessage()));
        }
    }

    /**
     * Whether the chain the router of {@code entry} had in {@code before} is still its chain: the same route, or the
     * same middlewares, its rule rewriting paths then as now and its proxy trying a request as many times (a retry's
     * attempts, a failover's {@code errors} on the balancer), and, when {@code servicesChanged}, no {@code errors}
     * middleware, whose page service is checked when its chain is built.
     */
    private static boolean sameChain(RoutingSnapshot before, RouteEntry entry, SnapshotProxyClient client,
            boolean servicesChanged) {
        if (servicesChanged && callsAService(entry)) {
            return false;
        }
        RouteEntry was = before.routeOf(entry.name()).orElse(null);
        return was == entry || was != null && was.match().middlewares().equals(entry.match().middlewares())
                && was.match().rewrites().isEmpty() == entry.match().rewrites().isEmpty()
                && client.connectionRetries(was.match()) == client.connectionRetries(entry.match());
    }

    /** Whether the router's chain has an {@code errors} middleware, which calls a service of the configuration. */
    private static boolean callsAService(RouteEntry entry) {
        List<Middleware> middlewares = entry.match().middlewares();
        for (int i = 0; i < middlewares.size(); i++) {
            if ("errors".equals(middlewares.get(i).type())) {
                return true;
            }
        }
        return false;
    }
}
