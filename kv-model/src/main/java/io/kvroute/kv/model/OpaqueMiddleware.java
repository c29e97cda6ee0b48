package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

/**
 * A middleware kind kvroute does not apply (rateLimit, compress, ...): its Traefik type name and settings, kept
 * verbatim so it round trips. Routers using it get a warning.
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
