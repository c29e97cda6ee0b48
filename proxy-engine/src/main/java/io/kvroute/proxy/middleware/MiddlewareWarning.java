package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

/**
 * Something a served chain does differently from its configuration, always one of the {@link ToleratedDeviation}s:
 * a deprecated setting that changes nothing, a retry middleware another one overrides, a basic auth user whose hash
 * kvroute cannot check. Never contains a password hash.
 */
public record MiddlewareWarning(String middleware, String type, ToleratedDeviation deviation, String message) {
    public MiddlewareWarning {
        requireNonNull(middleware, "middleware");
        requireNonNull(type, "type");
        requireNonNull(deviation, "deviation");
        requireNonNull(message, "message");
    }

    /** One line for logs: {@code middleware "strip" (stripPrefix): forceSlash ...}. */
    public String toLine() {
        return "middleware \"" + middleware + "\" (" + type + "): " + message;
    }
}
