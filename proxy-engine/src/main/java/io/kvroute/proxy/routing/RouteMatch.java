package io.kvroute.proxy.routing;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.Router;
import io.kvroute.proxy.balancer.ServiceBalancer;
import java.util.List;

/**
 * What a request that matched a router goes through: the router, the balancer of its service (resolved through
 * weighted services), the middlewares it applies in order (resolved, {@code chain}s expanded into their members),
 * and the v1 path rewrites of its rule. One instance per route, built with the snapshot. The middleware names the
 * router is configured with (a chain's name, {@code @provider}) are {@code router().middlewares()}.
 */
public record RouteMatch(Router router, ServiceBalancer balancer, List<Middleware> middlewares, PathRewrites rewrites) {
    public RouteMatch {
        requireNonNull(router, "router");
        requireNonNull(balancer, "balancer");
        middlewares = List.copyOf(middlewares);
        requireNonNull(rewrites, "rewrites");
    }

    public String routerName() {
        return router.name();
    }

    /** The names of the middlewares it applies, in order: a chain's members, not the chain's name. */
    public List<String> middlewareNames() {
        return middlewares.stream().map(Middleware::name).toList();
    }
}
