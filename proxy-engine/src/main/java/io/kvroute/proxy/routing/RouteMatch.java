package io.kvroute.proxy.routing;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.Router;
import io.kvroute.proxy.balancer.ServiceBalancer;
import java.util.List;

/**
 * What a request that matched a router goes through: the router, the balancer of its service (resolved through
 * weighted services), its middlewares in order (resolved, names without {@code @provider}), and the v1 path
 * rewrites of its rule. One instance per route, built with the snapshot.
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

    /** The middleware names in the order the router lists them. */
    public List<String> middlewareNames() {
        return middlewares.stream().map(Middleware::name).toList();
    }
}
