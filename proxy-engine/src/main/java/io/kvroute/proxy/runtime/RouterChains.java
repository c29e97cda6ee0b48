package io.kvroute.proxy.runtime;

import io.kvroute.kv.model.Retry;
import io.kvroute.kv.model.Router;
import io.kvroute.proxy.http.ChainProblem;
import io.kvroute.proxy.http.ServingSnapshot;
import io.kvroute.proxy.http.SnapshotProxyClient;
import io.kvroute.proxy.middleware.MiddlewareChain;
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
import java.util.Set;

/**
 * Builds each router's handler chain for a routing snapshot: its middlewares around an Undertow ProxyHandler that
 * uses the shared {@link SnapshotProxyClient}. A router whose middlewares cannot work (bad settings, unreadable users
 * file) gets no chain and is reported; the others serve. A chain depends on nothing but the router's middlewares (the
 * balancer is looked up per request), so a router whose middlewares are those of the previous snapshot, where its
 * chain was built without problems, keeps that chain.
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
            Map<String, Router> heldRouters, ServingSnapshot previous) {
        Set<String> reported = new HashSet<>();
        previous.problems().forEach(problem -> reported.add(problem.router()));
        Map<String, HttpHandler> handlers = new HashMap<>();
        List<ChainProblem> problems = new ArrayList<>();
        for (RouteEntry entry : routing.routes()) {
            String router = entry.match().routerName();
            HttpHandler kept = previous.routerHandlers().get(router);
            if (kept != null && !reported.contains(router) && sameMiddlewares(previous.routing(), entry)) {
                handlers.put(router, kept);
                continue;
            }
            ProxyHandler proxy = ProxyHandler.builder()
                    .setProxyClient(client)
                    .setMaxRequestTime((int) settings.requestTimeout().toMillis())
                    .setMaxConnectionRetries(client.retries(entry.match()))
                    .setReuseXForwarded(true)
                    .setRewriteHostHeader(false)
                    .setNext(NO_SERVER)
                    .build();
            try {
                MiddlewareChain chain = MiddlewareChain.build(entry.match().middlewares(), proxy);
                chain.warnings().forEach(warning ->
                        problems.add(ChainProblem.warning(router, warning.middleware(), warning.toLine())));
                handlers.put(router, chain.handler());
            } catch (MiddlewareException e) {
                problems.add(ChainProblem.notServed(router, e.middleware(), e.getMessage()));
            }
        }
        return new ServingSnapshot(routing, handlers, problems, heldRouters);
    }

    /** Whether the router of {@code entry} had the same middlewares in {@code before} (the same route, at best). */
    private static boolean sameMiddlewares(RoutingSnapshot before, RouteEntry entry) {
        RouteEntry was = before.routeOf(entry.name()).orElse(null);
        return was == entry || was != null && was.match().middlewares().equals(entry.match().middlewares());
    }
}
