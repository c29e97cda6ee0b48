package io.kvroute.proxy.runtime;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.Secrets;
import io.kvroute.proxy.balancer.BalancedServer;
import io.kvroute.proxy.http.RoutedRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.undertow.server.HttpServerExchange;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Counts every request when it completes: {@code kvroute_requests} by entry point, router, service and status class
 * (a timer: count, total and max), {@code kvroute_service_latency} per service with p50/p99, and
 * {@code kvroute_server_requests} per server (its {@code url} label with credentials hidden). On the hot path meters
 * are found by the router's name in a map per entry point and by status class in an array, so a request allocates no
 * lookup key and registers nothing.
 */
final class RequestMetrics {
    private static final String NONE = "none";

    private final MeterRegistry registry;
    private final Map<String, Timer> latency = new ConcurrentHashMap<>();
    /** By server as balanced (key and URL: a server whose URL changed counts under its new {@code url} label). */
    private final Map<BalancedServer, Counter> servers = new ConcurrentHashMap<>();

    RequestMetrics(MeterRegistry registry) {
        this.registry = requireNonNull(registry, "registry");
    }

    /** The request timers of one router on one entry point, by status class (index = status / 100). */
    private final class RouteMeters {
        final String service;
        private final String entryPoint;
        private final String router;
        private final Timer[] byClass = new Timer[6];

        RouteMeters(String entryPoint, String router, String service) {
            this.entryPoint = entryPoint;
            this.router = router;
            this.service = service;
        }

        Timer timer(int status) {
            int statusClass = status >= 100 && status < 600 ? status / 100 : 5;
            Timer timer = byClass[statusClass];
            if (timer == null) {
                timer = Timer.builder("kvroute.requests")
                        .description("Requests by entry point, router, service and status class")
                        .tags("entrypoint", entryPoint, "router", router, "service", service, "code", statusClass + "xx")
                        .register(registry);
                byClass[statusClass] = timer;
            }
            return timer;
        }
    }

    /** The meters of one entry point: its routers' timers, found by router name. */
    final class EntryPoint {
        private final String name;
        private final Map<String, RouteMeters> routes = new ConcurrentHashMap<>();

        private EntryPoint(String name) {
            this.name = name;
        }

        /** Counts a completed exchange of this entry point that took {@code nanos}. */
        void record(HttpServerExchange exchange, long nanos) {
            RequestMetrics.this.record(name, routes, exchange, nanos);
        }
    }

    /** The meters of entry point {@code name}, whose requests are counted through it when they complete. */
    EntryPoint entryPoint(String name) {
        return new EntryPoint(requireNonNull(name, "name"));
    }

    private void record(String entryPoint, Map<String, RouteMeters> routes, HttpServerExchange exchange, long nanos) {
        RoutedRequest routed = RoutedRequest.of(exchange);
        String router = routed == null ? NONE : routed.match().routerName();
        String service = routed == null ? NONE : routed.match().balancer().service();
        RouteMeters meters = routes.get(router);
        if (meters == null || !meters.service.equals(service)) {
            meters = new RouteMeters(entryPoint, router, service);
            routes.put(router, meters);
        }
        meters.timer(exchange.getStatusCode()).record(nanos, TimeUnit.NANOSECONDS);
        if (routed == null) {
            return;
        }
        Timer serviceLatency = latency.get(service);
        if (serviceLatency == null) {
            serviceLatency = latency.computeIfAbsent(service, name -> Timer.builder("kvroute.service.latency")
                    .description("Request latency per service")
                    .tag("service", name)
                    .publishPercentiles(0.5, 0.99)
                    .register(registry));
        }
        serviceLatency.record(nanos, TimeUnit.NANOSECONDS);
        BalancedServer server = routed.server();
        if (server != null) {
            Counter counter = servers.get(server);
            if (counter == null) {
                counter = servers.computeIfAbsent(server, balanced -> Counter.builder("kvroute.server.requests")
                        .description("Requests sent to each server")
                        .tags("service", balanced.key().service(), "server", balanced.key().serverId(), "url",
                                Secrets.hideUrlCredentials(balanced.url()))
                        .register(registry));
            }
            counter.increment();
        }
    }
}
