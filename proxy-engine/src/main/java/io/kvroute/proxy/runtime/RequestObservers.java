package io.kvroute.proxy.runtime;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.accesslog.AccessLog;
import io.kvroute.proxy.metrics.TraefikMetrics;
import io.kvroute.proxy.path.RequestPaths;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import java.util.Optional;

/**
 * What looks at every request of an entry point when it completes: kvroute's own metrics ({@link RequestMetrics}),
 * Traefik's ({@link TraefikMetrics}) and the access log if there is one, all from one exchange-complete listener.
 * With an access log, the request's path, query and {@code Host} are taken as they arrive (a middleware may rewrite
 * them, and Traefik logs what the client sent).
 */
final class RequestObservers {
    private final RequestMetrics kvroute;
    private final TraefikMetrics traefik;
    private final Optional<AccessLog> accessLog;

    RequestObservers(RequestMetrics kvroute, TraefikMetrics traefik, Optional<AccessLog> accessLog) {
        this.kvroute = requireNonNull(kvroute, "kvroute");
        this.traefik = requireNonNull(traefik, "traefik");
        this.accessLog = requireNonNull(accessLog, "accessLog");
    }

    /** {@code next}, with each of its requests counted and logged as entry point {@code name}'s when it completes. */
    HttpHandler wrap(String name, HttpHandler next) {
        RequestMetrics.EntryPoint own = kvroute.entryPoint(name);
        TraefikMetrics.EntryPoint traefikMeters = traefik.entryPoint(name);
        if (accessLog.isEmpty()) {
            return exchange -> {
                long start = System.nanoTime();
                exchange.addExchangeCompleteListener((done, nextListener) -> {
                    try {
                        long nanos = System.nanoTime() - start;
                        own.record(done, nanos);
                        traefik.record(traefikMeters, done, nanos);
                    } finally {
                        nextListener.proceed();
                    }
                });
                next.handleRequest(exchange);
            };
        }
        AccessLog log = accessLog.get();
        return exchange -> {
            long start = System.nanoTime();
            String target = RequestPaths.rawPath(exchange);
            String query = exchange.getQueryString();
            String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
            exchange.addExchangeCompleteListener((done, nextListener) -> {
                try {
                    long end = System.nanoTime();
                    own.record(done, end - start);
                    traefik.record(traefikMeters, done, end - start);
                    log.log(name, done, target, query, host, start, end);
                } finally {
                    nextListener.proceed();
                }
            });
            next.handleRequest(exchange);
        };
    }
}
