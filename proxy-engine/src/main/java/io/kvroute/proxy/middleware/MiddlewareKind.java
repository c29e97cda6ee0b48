package io.kvroute.proxy.middleware;

import io.kvroute.kv.model.Middleware;
import io.undertow.server.HttpHandler;
import java.util.function.UnaryOperator;

/**
 * How kvroute applies one Traefik middleware type: checks a middleware's settings when a chain is built and returns
 * what wraps the next handler in it. Registered by type name in {@link MiddlewareKinds}.
 */
@FunctionalInterface
interface MiddlewareKind {
    /**
     * What wraps a next handler in {@code middleware}.
     *
     * @throws MiddlewareException when a setting cannot work or is not applied; the router must not serve
     */
    UnaryOperator<HttpHandler> wrapper(Middleware middleware, MiddlewareContext context);
}
