package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.OpaqueMiddleware;
import io.kvroute.proxy.path.RequestPaths;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.function.UnaryOperator;

/**
 * Traefik's {@code replacePath}: every request's path becomes {@code path}, taken as a raw (percent-encoded) path as
 * Traefik takes it, and the path it had is added as {@code X-Replaced-Path}. The query stays. A path with a malformed
 * escape, which Traefik answers 500 on every request, leaves the router out instead.
 *
 * <pre>{@code
 * path /foo:  GET /bar/baz?q=1  ->  the origin gets /foo?q=1 with X-Replaced-Path: /bar/baz
 * }</pre>
 */
final class ReplacePathHandler implements HttpHandler {
    private final String path;
    private final HttpHandler next;

    private ReplacePathHandler(String path, HttpHandler next) {
        this.path = path;
        this.next = requireNonNull(next, "next");
    }

    /**
     * What wraps a next handler in {@code middleware}'s replacement.
     *
     * @throws MiddlewareException if the path has a malformed percent escape
     */
    static UnaryOperator<HttpHandler> kind(Middleware middleware, MiddlewareContext context) {
        MiddlewareSettings settings = MiddlewareSettings.of((OpaqueMiddleware) middleware);
        String path = settings.text("path").orElse("");
        RequestPaths.badEscape(path).ifPresent(bad -> {
            throw settings.invalid("path", "a path whose percent signs start escapes such as %20; \"" + bad
                    + "\" is not one");
        });
        settings.requireAllRead();
        return next -> new ReplacePathHandler(path, next);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (PathReplacement.replace(exchange, path, false)) {
            next.handleRequest(exchange);
        }
    }
}
