package io.kvroute.proxy.runtime;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.balancer.ServerKey;
import io.kvroute.proxy.http.RoutedRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Counts every request when it completes: {@code kvroute_requests} by entry point, router, service and status class
 * (a timer: count, total and max), {@code kvroute_service_latency} per service with p50/p99, and
 * {@code kvroute_server_requests} per server. Meters are looked up in a map keyed by the tag values, so the hot path
 * allocates one small key and no meter.
 */
final class RequestMetrics {
    private final MeterRegistry registry;
    private final Map<RequestTags, Timer> requests = new ConcurrentHashMap<>();
    private final Map<String, Timer> latency = new ConcurrentHashMap<>();
    private final Map<ServerKey, Counter> servers = new ConcurrentHashMap<>();

    private record RequestTags(String entryPoint, String router, String service, String code) {
    }

    RequestMetrics(MeterRegistry registry) {
        this.registry = requireNonNull(registry, "registry");
    }

    /** Wraps an entry point's handler so that each of its requests is counted when it completes. */
    HttpHandler wrap(String entryPoint, HttpHandler next) {
        return exchange -> {
            long start = System.nanoTime();
            exchange.addExchangeCompleteListener((done, nextListener) -> {
                try {
                    record(entryPoint, done, System.nanoTime() - start);
                } finally {
                    nextListener.proceed();
                }
            });
            next.handleRequest(exchange);
        };
    }

    private void record(String entryPoint, HttpServerExchange exchange, long nanos) {
        RoutedRequest routed = RoutedRequest.of(exchange);
        String router = routed == null ? "none" : routed.match().routerName();
        String service = routed == null ? "none" : routed.match().balancer().service();
        String code = (exchange.getStatusCode() / 100) + "xx";
        requests.computeIfAbsent(new RequestTags(entryPoint, router, service, code), tags -> Timer.builder("kvroute.requests")
                .description("Requests by entry point, router, service and status class")
                .tags("entrypoint", tags.entryPoint(), "router", tags.router(), "service", tags.service(), "code", tags.code())
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
        if (routed != null) {
            latency.computeIfAbsent(service, name -> Timer.builder("kvroute.service.latency")
                    .description("Request latency per service")
                    .tag("service", name)
                    .publishPercentiles(0.5, 0.99)
                    .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
            ServerKey server = routed.server();
            if (server != null) {
                servers.computeIfAbsent(server, key -> Counter.builder("kvroute.server.requests")
                        .description("Requests sent to each server")
                        .tags("service", key.service(), "server", key.serverId(), "url", key.url())
                        .register(registry)).increment();
            }
        }
    }
}
