package io.kvroute.proxy.runtime;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.Secrets;
import io.kvroute.proxy.balancer.BalancedServer;
import io.kvroute.proxy.http.RoutedRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.undertow.server.HttpServerExchange;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Counts every request when it completes: {@code kvroute_requests} by entry point, router, service and status class
 * (a timer: count, total and max), {@code kvroute_service_latency} per service with p50/p99, and
 * {@code kvroute_server_requests} and {@code kvroute_server_latency} (p50/p99 over the last {@link #SERVER_WINDOW},
 * for the dashboard: Micrometer's ring of {@value #SERVER_WINDOW_BUFFERS} histograms, so the last 4 to 5 minutes) per
 * server (its {@code url} label with credentials hidden). On the hot path meters
 * are found by the router's name in a map per entry point and by status class in an array, so a request allocates no
 * lookup key and registers nothing.
 */
final class RequestMetrics {
    private static final String NONE = "none";
    /** The window of a server's latency percentiles: the dashboard's 5 minutes of traffic. */
    static final Duration SERVER_WINDOW = Duration.ofMinutes(5);
    static final int SERVER_WINDOW_BUFFERS = 5;

    private final MeterRegistry registry;
    private final Map<String, Timer> latency = new ConcurrentHashMap<>();
    /** By server as balanced (key and URL: a server whose URL changed counts under its new {@code url} label). */
    private final Map<BalancedServer, ServerMeters> servers = new ConcurrentHashMap<>();

    /** One server's request counter and latency timer. */
    private record ServerMeters(Counter requests, Timer latency) {
        void record(long nanos) {
            requests.increment();
            latency.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

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
            ServerMeters counted = servers.get(server);
            if (counted == null) {
                counted = servers.computeIfAbsent(server, this::serverMeters);
            }
            counted.record(nanos);
        }
    }

    private ServerMeters serverMeters(BalancedServer server) {
        String[] tags = {"service", server.key().service(), "server", server.key().serverId(), "url",
                Secrets.hideUrlCredentials(server.url())};
        return new ServerMeters(Counter.builder("kvroute.server.requests")
                .description("Requests sent to each server").tags(tags).register(registry),
                Timer.builder("kvroute.server.latency")
                        .description("Request latency per server, p50/p99 over the last 5 minutes")
                        .tags(tags)
                        .publishPercentiles(0.5, 0.99)
                        .distributionStatisticExpiry(SERVER_WINDOW)
                        .distributionStatisticBufferLength(SERVER_WINDOW_BUFFERS)
                        .register(registry));
    }
}
