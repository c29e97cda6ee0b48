package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.path.RequestPathPolicy;
import io.kvroute.proxy.path.RequestPaths;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of an entry point, before anything routes (also before its redirection, as in Traefik, where
 * the redirection is a router): cleans the client's headers ({@link ClientRequestHeaders}), so that an untrusted
 * client's {@code X-Forwarded-*} never count, checks and normalizes the request path ({@link RequestPathPolicy}; 400
 * when refused) and sets Traefik's entry point {@code X-Forwarded-*} ({@link EntryPointForwardedHeaders}). Runs on
 * the IO thread and never blocks.
 */
public final class EntryPointRequests implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(EntryPointRequests.class);

    private final String entryPoint;
    private final EntryPointOptions options;
    private final HttpHandler next;

    public EntryPointRequests(String entryPoint, EntryPointOptions options, HttpHandler next) {
        this.entryPoint = requireNonNull(entryPoint, "entryPoint");
        this.options = requireNonNull(options, "options");
        this.next = requireNonNull(next, "next");
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
        next.handleRequest(exchange);
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
}
