package io.kvroute.agent.registration;

import io.kvroute.kv.layout.keys.KeyPaths;
import java.util.Map;
import java.util.Optional;

/**
 * Which service a shared key serves, in both Traefik layouts: a key under {@code http/services/<name>/} or
 * {@code backends/<name>/} belongs to that service; a key under {@code http/routers/<name>/} or
 * {@code frontends/<name>/} to the service its router sends to ({@code .../service}, v1 {@code .../backend}, read
 * from the store). Middlewares and anything else belong to no one service.
 */
final class SharedKeys {
    private SharedKeys() {
    }

    /** The service {@code key} serves, given the store's pairs (for a router's {@code service} key). */
    static Optional<String> serviceOf(String key, Map<String, String> stored) {
        return KeyPaths.entityOf(key).flatMap(entity -> entity.serviceKey().isEmpty() ? Optional.of(entity.name())
                : Optional.ofNullable(stored.get(entity.serviceKey().get())));
    }
}
