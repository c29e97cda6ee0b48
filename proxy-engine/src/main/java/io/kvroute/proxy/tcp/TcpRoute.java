package io.kvroute.proxy.tcp;

import static java.util.Objects.requireNonNull;

import java.util.function.Predicate;

/**
 * One TCP router on one entry point: its rule as a predicate, whether the rule is exactly the catch-all
 * {@code HostSNI(`*`)} (Traefik lets HTTPS routers naming the server name go before it), its priority and what serves
 * the connections it takes.
 */
record TcpRoute(String router, Predicate<TcpConnectionFacts> rule, boolean catchAll, long priority,
        TcpTarget target) {
    TcpRoute {
        requireNonNull(router, "router");
        requireNonNull(rule, "rule");
        requireNonNull(target, "target");
    }
}
