package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.EntityRef;
import java.util.Optional;

/**
 * What went wrong building one router's handler chain: either the router is not served (a middleware's settings
 * cannot work) or it is served with a warning (a middleware kvroute does not apply, settings it ignores).
 *
 * @param router     the router whose chain it is
 * @param middleware the middleware concerned, when there is one
 * @param served     false when the router was left out of the snapshot
 * @param message    what is wrong and what was expected; for a middleware it starts with its name and type
 */
public record ChainProblem(String router, Optional<String> middleware, boolean served, String message) {
    public ChainProblem {
        requireNonNull(router, "router");
        requireNonNull(middleware, "middleware");
        requireNonNull(message, "message");
    }

    /** The router is served, but a middleware of its chain does not behave as in Traefik. */
    public static ChainProblem warning(String router, String middleware, String message) {
        return new ChainProblem(router, Optional.of(middleware), true, message);
    }

    /** The router is not served because a middleware of its chain could not be built. */
    public static ChainProblem notServed(String router, String middleware, String message) {
        return new ChainProblem(router, Optional.of(middleware), false, message);
    }

    public EntityRef entity() {
        return EntityRef.router(router);
    }

    /** One line for logs and the dashboard: {@code router web not served: middleware "auth" (basicAuth): ...}. */
    public String toLine() {
        return "router " + router + (served ? ": " : " not served: ") + message;
    }
}
