package io.kvroute.kv.layout.keys;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What both layouts share: how a list element's key is spelled, and reading a full key back to the entity it
 * belongs to or to its server segments ({@code traefik/http/services/app/loadBalancer/servers/<id>/url},
 * {@code /traefik/backends/app/servers/<id>/url}). Keys are built by {@link DynamicKeys} (v2/v3) and {@link V1Keys}
 * (v1), roots normalised by {@link KvRoot}.
 */
public final class KeyPaths {
    private static final String SERVERS = "/" + DynamicKeys.SERVERS + "/";

    /** Where an entity's name starts in a key, in either layout; for routers the field naming their service. */
    private enum Marker {
        SERVICES(DynamicKeys.SERVICES, null),
        BACKENDS(V1Keys.BACKENDS, null),
        ROUTERS(DynamicKeys.ROUTERS, DynamicKeys.ROUTER_SERVICE),
        FRONTENDS(V1Keys.FRONTENDS, V1Keys.FRONTEND_BACKEND);

        final String segment;
        final String serviceField;

        Marker(String collection, String serviceField) {
            this.segment = "/" + collection + "/";
            this.serviceField = serviceField;
        }
    }

    private KeyPaths() {
    }

    /** The key path of a list's element: {@code <list>/<index>} ({@code servers/0}, {@code middlewares/1}). */
    public static String item(String list, String index) {
        return list + "/" + index;
    }

    /**
     * The router or service a key lies in, in either layout: the first of {@code services/<s>/},
     * {@code backends/<b>/}, {@code routers/<r>/} or {@code frontends/<f>/} in the key; empty when there is none or
     * the name is not followed by {@code /}.
     */
    public static Optional<EntityOfKey> entityOf(String key) {
        return entityIn(key).map(found -> {
            String entityKey = found.prefix().substring(0, found.prefix().length() - 1);
            return new EntityOfKey(found.name(), found.marker().serviceField == null ? Optional.empty()
                    : Optional.of(entityKey + "/" + found.marker().serviceField));
        });
    }

    /**
     * The key up to the router or service it lies in, ending in {@code /}: {@code traefik/http/services/app/} for
     * {@code traefik/http/services/app/loadBalancer/servers/0/url}; empty where {@link #entityOf} is. Every key of
     * that entity, and no other, starts with it.
     */
    public static Optional<String> entityPrefixOf(String key) {
        return entityIn(key).map(EntityIn::prefix);
    }

    /** The first entity marker in {@code key}, the entity's name and the key up to it (ending in {@code /}). */
    private static Optional<EntityIn> entityIn(String key) {
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
        return Optional.of(new EntityIn(first, path.substring(nameStart, nameEnd), key.substring(0, nameEnd)));
    }

    private record EntityIn(Marker marker, String name, String prefix) {
    }

    /**
     * Every {@code .../servers/<segment>} of {@code key}, first to last: the key up to the segment, followed by
     * {@code /}, and the segment (up to the next {@code /} or the end of the key).
     */
    public static List<ServerSegment> serverSegments(String key) {
        List<ServerSegment> found = new ArrayList<>();
        int at = key.indexOf(SERVERS);
        while (at >= 0) {
            int idStart = at + SERVERS.length();
            int idEnd = key.indexOf('/', idStart);
            String segment = key.substring(idStart, idEnd < 0 ? key.length() : idEnd);
            found.add(new ServerSegment(key.substring(0, idStart) + segment + "/", segment));
            at = key.indexOf(SERVERS, idStart);
        }
        return found;
    }

    /**
     * The entity a key lies in: a service (or v1 backend) by {@code name}; for a router (v1 frontend) its name and
     * the key naming its service ({@code .../routers/<r>/service}, v1 {@code .../frontends/<f>/backend}).
     */
    public record EntityOfKey(String name, Optional<String> serviceKey) {
    }

    /** A server segment of a key and the key's prefix up to it, ending in {@code /<segment>/}. */
    public record ServerSegment(String prefix, String segment) {
    }
}
