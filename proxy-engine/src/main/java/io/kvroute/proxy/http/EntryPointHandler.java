package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.path.RequestPathPolicy;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of an entry point: cleans the client's headers ({@link ClientRequestHeaders}), checks and
 * normalizes the request path ({@link RequestPathPolicy}; 400 when refused), sets Traefik's entry point
 * {@code X-Forwarded-*} ({@link EntryPointForwardedHeaders}), reads the current snapshot once, finds the route on the
 * normalized path (none: 404, as Traefik answers), applies Traefik v1 path rewrites, and hands the exchange to the
 * router's chain, which forwards the normalized path. Runs on the IO thread and never blocks.
 */
public final class EntryPointHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(EntryPointHandler.class);
    private static final HttpString X_FORWARDED_PREFIX = HttpString.tryFromString("X-Forwarded-Prefix");
    private static final HttpString X_REPLACED_PATH = HttpString.tryFromString("X-Replaced-Path");

    private final String entryPoint;
    private final Supplier<ServingSnapshot> snapshot;
    private final EntryPointOptions options;

    /** @param snapshot the snapshot being served now, read once per request; never null */
    public EntryPointHandler(String entryPoint, Supplier<ServingSnapshot> snapshot, EntryPointOptions options) {
        this.entryPoint = requireNonNull(entryPoint, "entryPoint");
        this.snapshot = requireNonNull(snapshot, "snapshot");
        this.options = requireNonNull(options, "options");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Optional<String> refusal = ClientRequestHeaders.clean(exchange, options);
        if (refusal.isEmpty()) {
            refusal = normalizePath(exchange);
        }
        if (refusal.isPresent()) {
            LOG.debug("400 for {} from {}: {}", entryPoint, exchange.getSourceAddress(), refusal.get());
            exchange.setStatusCode(StatusCodes.BAD_REQUEST);
            exchange.getResponseSender().send("400 Bad Request: " + refusal.get() + "\n");
            return;
        }
        EntryPointForwardedHeaders.set(exchange);
        ServingSnapshot current = snapshot.get();
        Optional<RouteMatch> route = current.routing().route(new ExchangeRequestView(exchange), entryPoint,
                exchange.getConnection().getSslSessionInfo() != null);
        HttpHandler chain = route.map(match -> current.routerHandlers().get(match.routerName())).orElse(null);
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

    /**
     * Checks the raw path of the request target and routes and forwards its normalized form from here on.
     *
     * @return why the request must be refused, if it must
     */
    private Optional<String> normalizePath(HttpServerExchange exchange) {
        String raw = RequestPaths.rawPath(exchange);
        RequestPathPolicy.Outcome outcome = options.path().apply(raw);
        if (outcome instanceof RequestPathPolicy.Rejected rejected) {
            return Optional.of(rejected.reason());
        }
        String path = ((RequestPathPolicy.Normalized) outcome).path();
        if (!path.equals(raw) || exchange.isHostIncludedInRequestURI() || raw.indexOf(';') >= 0) {
            RequestPaths.replace(exchange, RequestPaths.decode(exchange, path), path);
        }
        return Optional.empty();
    }

    private static void rewrite(HttpServerExchange exchange, RewrittenPath rewritten) {
        rewritten.forwardedPrefixes().forEach(prefix -> exchange.getRequestHeaders().add(X_FORWARDED_PREFIX, prefix));
        rewritten.replacedPaths().forEach(path -> exchange.getRequestHeaders().add(X_REPLACED_PATH, path));
        RequestPaths.rewrite(exchange, rewritten.path());
    }
}
