package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.OpaqueMiddleware;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.function.UnaryOperator;

/**
 * Traefik's {@code contentType} middleware: a response that comes without Content-Type gets the one its first bytes
 * sniff to ({@link ContentSniffer}), as Go's HTTP server gives it when this middleware re-enables detection. Without
 * the middleware kvroute, like Traefik v3, sends no Content-Type the server did not send. {@code autoDetect: false}
 * (deprecated in Traefik) makes the middleware do nothing; {@code true} or absent enables detection. No body, a
 * status without one, or a Content-Encoding: nothing is sniffed.
 */
final class ContentTypeHandler implements HttpHandler {
    private final HttpHandler next;

    private ContentTypeHandler(HttpHandler next) {
        this.next = requireNonNull(next, "next");
    }

    /** What wraps a next handler in {@code middleware} (a {@code contentType} middleware). */
    static UnaryOperator<HttpHandler> kind(Middleware middleware, MiddlewareContext context) {
        MiddlewareSettings settings = MiddlewareSettings.of((OpaqueMiddleware) middleware);
        boolean detect = settings.bool("autoDetect").orElse(true);
        settings.requireAllRead();
        return detect ? ContentTypeHandler::new : UnaryOperator.identity();
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.addResponseWrapper((factory, wrapped) -> {
            int status = wrapped.getStatusCode();
            boolean mayHaveBody = status >= 200 && status != 204 && status != 304;
            if (!mayHaveBody || wrapped.getResponseHeaders().contains(Headers.CONTENT_TYPE)) {
                return factory.create();
            }
            return new SniffingConduit(factory.create(), wrapped);
        });
        next.handleRequest(exchange);
    }
}
