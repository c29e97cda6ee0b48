package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

/**
 * A middleware kind the model does not type (rateLimit, compress, ...): its Traefik type name and settings, kept
 * verbatim so it round trips. The proxy reads the settings of the types it applies ({@link MiddlewareTypes#APPLIED});
 * routers using any other (a {@code plugin}) get a warning.
 */
public record OpaqueMiddleware(String name, String type, RawSettings settings) implements Middleware {
    public OpaqueMiddleware {
        Names.check("name", name);
        requireNonNull(type, "type");
        requireNonNull(settings, "settings");
        if (type.isEmpty() || type.contains("/")) {
            throw new IllegalArgumentException("type: \"" + type + "\" (expected: a Traefik middleware type name)");
        }
    }
}
