package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

/**
 * Something a built chain does differently from Traefik without refusing to serve: a middleware kind kvroute does
 * not apply, settings it ignores, or a basic auth user whose hash it cannot check. Never contains a password hash.
 */
public record MiddlewareWarning(String middleware, String type, String message) {
    public MiddlewareWarning {
        requireNonNull(middleware, "middleware");
        requireNonNull(type, "type");
        requireNonNull(message, "message");
    }

    /** One line for logs: {@code middleware "limit" (rateLimit): not applied (...)}. */
    public String toLine() {
        return "middleware \"" + middleware + "\" (" + type + "): " + message;
    }
}
