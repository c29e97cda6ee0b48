package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

/**
 * A service kind the model does not type (mirroring, failover, ...): its Traefik type name and its settings, kept
 * verbatim so it round trips.
 */
public record OpaqueService(String name, String type, RawSettings settings) implements Service {
    public OpaqueService {
        Names.check("name", name);
        requireNonNull(type, "type");
        requireNonNull(settings, "settings");
        if (type.isEmpty() || type.contains("/")) {
            throw new IllegalArgumentException("type: \"" + type + "\" (expected: a Traefik service type name)");
        }
    }
}
