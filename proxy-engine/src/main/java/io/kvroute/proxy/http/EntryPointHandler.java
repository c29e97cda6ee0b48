package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.middleware.RequestPaths;
import io.kvroute.proxy.routing.ExchangeRequestView;
import io.kvroute.proxy.routing.RouteMatch;
import io.kvroute.proxy.routing.RewrittenPath;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The first handler of an entry point: reads the current snapshot once, finds the route (none: 404, as Traefik
 * answers), replaces the client's forwarding headers, applies Traefik v1 path rewrites, and hands the exchange to
 * the router's chain. Runs on the IO thread and never blocks.
 */
public final class EntryPointHandler implements HttpHandler {
    private static final HttpString X_FORWARDED_PREFIX = HttpString.tryFromString("X-Forwarded-Prefix");
    private static final HttpString X_REPLACED_PATH = HttpString.tryFromString("X-Replaced-Path");
    /** What Traefik removes from requests of untrusted clients before it sets its own. */
    private static final List<HttpString> CLIENT_FORWARDED_HEADERS = Stream.of("X-Forwarded-For", "X-Forwarded-Host",
                    "X-Forwarded-Port", "X-Forwarded-Proto", "X-Forwarded-Server", "X-Forwarded-Uri",
                    "X-Forwarded-Method", "X-Forwarded-Prefix", "X-Forwarded-Tls-Client-Cert",
                    "X-Forwarded-Tls-Client-Cert-Info", "X-Real-Ip")
            .map(HttpString::tryFromString).toList();

    private final String entryPoint;
    private final Supplier<ServingSnapshot> snapshot;

    public EntryPointHandler(String entryPoint, AtomicReference<ServingSnapshot> snapshot) {
        this.entryPoint = requireNonNull(entryPoint, "entryPoint");
        this.snapshot = requireNonNull(snapshot, "snapshot")::get;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        ServingSnapshot current = snapshot.get();
        Optional<RouteMatch> route = current.routing().route(new ExchangeRequestView(exchange), entryPoint);
        HttpHandler chain = route.map(match -> current.routerHandlers().get(match.routerName())).orElse(null);
        if (chain == null) {
            exchange.setStatusCode(StatusCodes.NOT_FOUND);
            exchange.getResponseSender().send("404 page not found\n");
            return;
        }
        RouteMatch match = route.get();
        forwardedFromClientRequest(exchange);
        if (!match.rewrites().isEmpty()) {
            rewrite(exchange, match.rewrites().apply(exchange.getRelativePath()));
        }
        RoutedRequest.attach(exchange, match);
        chain.handleRequest(exchange);
    }

    /**
     * Drops the forwarding headers the client sent (Traefik trusts none by default) and records the client's Host and
     * port as X-Forwarded-Host and X-Forwarded-Port before the proxy client may replace Host (passHostHeader false).
     */
    private static void forwardedFromClientRequest(HttpServerExchange exchange) {
        HeaderMap headers = exchange.getRequestHeaders();
        CLIENT_FORWARDED_HEADERS.forEach(headers::remove);
        String host = headers.getFirst(Headers.HOST);
        if (host != null && !host.isEmpty()) {
            headers.put(Headers.X_FORWARDED_HOST, host);
        }
        headers.put(Headers.X_FORWARDED_PORT, exchange.getHostPort());
    }

    private static void rewrite(HttpServerExchange exchange, RewrittenPath rewritten) {
        rewritten.forwardedPrefixes().forEach(prefix -> exchange.getRequestHeaders().add(X_FORWARDED_PREFIX, prefix));
        rewritten.replacedPaths().forEach(path -> exchange.getRequestHeaders().add(X_REPLACED_PATH, path));
        RequestPaths.rewrite(exchange, rewritten.path());
    }
}
