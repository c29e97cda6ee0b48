package io.kvroute.agent.registration;

import java.util.Map;
import java.util.Optional;

/**
 * Which service a shared key serves, in both Traefik layouts: a key under {@code http/services/<name>/} or
 * {@code backends/<name>/} belongs to that service; a key under {@code http/routers/<name>/} or
 * {@code frontends/<name>/} to the service its router sends to ({@code .../service}, v1 {@code .../backend}, read
 * from the store). Middlewares and anything else belong to no one service.
 */
final class SharedKeys {
    /** Where an entity's name starts, and for routers the key that names their service. */
    private enum Marker {
        SERVICES("/services/", null),
        BACKENDS("/backends/", null),
        ROUTERS("/routers/", "/service"),
        FRONTENDS("/frontends/", "/backend");

        final String segment;
        final String serviceKey;

        Marker(String segment, String serviceKey) {
            this.segment = segment;
            this.serviceKey = serviceKey;
        }
    }

    private SharedKeys() {
    }

    /** The service {@code key} serves, given the store's pairs (for a router's {@code service} key). */
    static Optional<String> serviceOf(String key, Map<String, String> stored) {
        String path = "/" + key;
        Marker first = null;
        int firstAt = -1;
        for (Marker marker : Marker.values()) {
            int at = path.indexOf(marker.segment);
            if (at >= 0 && (firstAt < 0 || at < firstAt)) {
                first = marker;
                firstAt = at;
            }
        }
        if (first == null) {
            return Optional.empty();
        }
        int nameStart = firstAt + first.segment.length();
        int nameEnd = path.indexOf('/', nameStart);
        if (nameEnd < 0) {
            return Optional.empty();
        }
        if (first.serviceKey == null) {
            return Optional.of(path.substring(nameStart, nameEnd));
        }
        return Optional.ofNullable(stored.get(key.substring(0, nameEnd - 1) + first.serviceKey));
    }
}
