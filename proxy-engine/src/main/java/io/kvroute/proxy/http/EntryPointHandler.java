package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.path.RequestPaths;
import io.kvroute.proxy.routing.ExchangeRequestView;
import io.kvroute.proxy.routing.RouteMatch;
import io.kvroute.proxy.routing.RewrittenPath;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An entry point's routing, after {@link EntryPointRequests} cleaned the request: reads the current snapshot once,
 * finds the route on the normalized path (none: 404, as Traefik answers), applies Traefik v1 path rewrites, and hands
 * the exchange to the router's chain, which forwards the normalized path. Runs on the IO thread and never blocks.
 */
public final class EntryPointHandler implements HttpHandler {
    private static final HttpString X_FORWARDED_PREFIX = HttpString.tryFromString("X-Forwarded-Prefix");
    private static final HttpString X_REPLACED_PATH = HttpString.tryFromString("X-Replaced-Path");

    private final String entryPoint;
    private final Supplier<ServingSnapshot> snapshot;

    /** @param snapshot the snapshot being served now, read once per request; never null */
    public EntryPointHandler(String entryPoint, Supplier<ServingSnapshot> snapshot) {
        this.entryPoint = requireNonNull(entryPoint, "entryPoint");
        this.snapshot = requireNonNull(snapshot, "snapshot");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        ServingSnapshot current = snapshot.get();
        Optional<RouteMatch> route = current.routing().route(new ExchangeRequestView(exchange), entryPoint,
                exchange.getConnection().getSslSessionInfo() != null);
        HttpHandler chain = route.map(match -> current.chain(match.routerName(), entryPoint)).orElse(null);
        if (chain == null) {
            exchange.setStatusCode(StatusCodes.NOT_FOUND);
            exchange.getResponseSender().send("404 page not found\n");
            return;
        }
        RouteMatch match = route.get();
        if (!match.rewrites().isEmpty()) {
            rewrite(exchange, match.rewrites().apply(exchange.getRelativePath()));
        }
        exchange.addResponseWrapper(ResponseHopByHop.INSTANCE);
        RoutedRequest.attach(exchange, match, entryPoint);
        chain.handleRequest(exchange);
    }

    private static void rewrite(HttpServerExchange exchange, RewrittenPath rewritten) {
        rewritten.forwardedPrefixes().forEach(prefix -> exchange.getRequestHeaders().add(X_FORWARDED_PREFIX, prefix));
        rewritten.replacedPaths().forEach(path -> exchange.getRequestHeaders().add(X_REPLACED_PATH, path));
        RequestPaths.rewrite(exchange, rewritten.path());
    }
}
