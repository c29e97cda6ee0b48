package io.kvroute.proxy.runtime;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.Secrets;
import io.kvroute.proxy.balancer.BalancedServer;
import io.kvroute.proxy.http.RoutedRequest;
import io.kvroute.proxy.routing.RoutingSnapshot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.undertow.server.HttpServerExchange;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts every request when it completes: {@code kvroute_requests} by entry point, router, service and status class
 * (a timer: count, total and max), {@code kvroute_service_latency} per service with p50/p99, and
 * {@code kvroute_server_requests} and {@code kvroute_server_latency} (p50/p99 over the last {@link #SERVER_WINDOW},
 * for the dashboard: Micrometer's ring of {@value #SERVER_WINDOW_BUFFERS} histograms, so the last 4 to 5 minutes) per
 * server (its {@code url} label with credentials hidden). On the hot path meters
 * are found by the router's name in a map per entry point and by status class in an array, so a request allocates no
 * lookup key and registers nothing.
 *
 * <p>A server's two meters are removed ({@link #reloaded}) once no served configuration has it and it had no request
 * for a whole {@link #SERVER_WINDOW}: its percentiles are empty by then, and with container churn (a new IP at each
 * restart) meters of servers that left would otherwise grow without bound, in memory, in the dashboard's sampling
 * and in the scraped series.
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
    /** The same meters by their labels (several balanced servers differing only in weight share one). */
    private final Map<ServerLabels, ServerMeters> serversByLabels = new ConcurrentHashMap<>();

    /** A server's meter labels: service, server id and URL with credentials hidden. */
    private record ServerLabels(String service, String serverId, String url) {
        static ServerLabels of(BalancedServer server) {
            return new ServerLabels(server.key().service(), server.key().serverId(),
                    Secrets.hideUrlCredentials(server.url()));
        }
    }

    /** One server's request counter and latency timer, and when (registry clock, ns) it last recorded a request. */
    private record ServerMeters(Counter requests, Timer latency, AtomicLong lastRecorded) {
        void record(long nanos, long now) {
            requests.increment();
            latency.record(nanos, TimeUnit.NANOSECONDS);
            lastRecorded.set(now);
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
            counted.record(nanos, registry.config().clock().monotonicTime());
        }
    }

    /**
     * A configuration is served: removes the meters of every server that {@code snapshot} does not have and that had
     * no request for {@link #SERVER_WINDOW} (one that left more recently goes at a later reload). It looks at the
     * servers that have meters, not at every server of the snapshot: only an idle one is looked up, among the servers
     * of its own service's balancer, so a reload costs what the meters hold whatever the size of the configuration.
     * Called by one thread at a time (the configuration pipeline's).
     */
    void reloaded(RoutingSnapshot snapshot) {
        long idleSince = registry.config().clock().monotonicTime() - SERVER_WINDOW.toNanos();
        serversByLabels.forEach((labels, meters) -> {
            if (meters.lastRecorded().get() <= idleSince && !balances(snapshot, labels)
                    && serversByLabels.remove(labels, meters)) {
                servers.values().removeIf(counted -> counted == meters);
                registry.remove(meters.requests());
                registry.remove(meters.latency());
            }
        });
    }

    /** Whether {@code snapshot} balances a server with these labels (servers are keyed by the service they are in). */
    private static boolean balances(RoutingSnapshot snapshot, ServerLabels labels) {
        return snapshot.balancers().balancer(labels.service()).stream()
                .flatMap(balancer -> balancer.servers().stream())
                .anyMatch(server -> server.key().serverId().equals(labels.serverId())
                        && labels.equals(ServerLabels.of(server)));
    }

    private ServerMeters serverMeters(BalancedServer server) {
        return serversByLabels.computeIfAbsent(ServerLabels.of(server), this::serverMeters);
    }

    private ServerMeters serverMeters(ServerLabels labels) {
        String[] tags = {"service", labels.service(), "server", labels.serverId(), "url", labels.url()};
        return new ServerMeters(Counter.builder("kvroute.server.requests")
                .description("Requests sent to each server").tags(tags).register(registry),
                Timer.builder("kvroute.server.latency")
                        .description("Request latency per server, p50/p99 over the last 5 minutes")
                        .tags(tags)
                        .publishPercentiles(0.5, 0.99)
                        .distributionStatisticExpiry(SERVER_WINDOW)
                        .distributionStatisticBufferLength(SERVER_WINDOW_BUFFERS)
                        .register(registry),
                new AtomicLong(registry.config().clock().monotonicTime()));
    }
}
