package io.kvroute.agent.registration;

import io.kvroute.kv.layout.ServerId;
import io.kvroute.kv.layout.keys.KeyPaths;
import java.util.Optional;

/**
 * Reads the layout-independent parts of server keys: the {@code servers/<id>/} segment that both Traefik layouts
 * use ({@code traefik/http/services/app/loadBalancer/servers/<id>/url}, {@code /traefik/backends/app/servers/<id>/url})
 * and the service or backend a server belongs to, for ownership checks and log messages.
 */
final class ServerKeys {
    private ServerKeys() {
    }

    /** The prefix {@code .../servers/<id>/} of {@code key} when its server segment is a {@link ServerId}. */
    static Optional<ServerPrefix> serverPrefixOf(String key) {
        for (KeyPaths.ServerSegment segment : KeyPaths.serverSegments(key)) {
            Optional<ServerId> id = parse(segment.segment());
            if (id.isPresent()) {
                return Optional.of(new ServerPrefix(segment.prefix(), id.get()));
            }
        }
        return Optional.empty();
    }

    /**
     * The service a server prefix belongs to, for logs: the segment after {@code services/} (v2/v3) or
     * {@code backends/} (v1), or the prefix itself when neither occurs.
     */
    static String serviceOf(String serverPrefix) {
        return KeyPaths.entityOf(serverPrefix).filter(entity -> entity.serviceKey().isEmpty())
                .map(KeyPaths.EntityOfKey::name).orElse(serverPrefix);
    }

    /** {@code server <id> of service <name>}, for log messages. */
    static String describe(String serverPrefix, ServerId id) {
        return "server " + id + " of service " + serviceOf(serverPrefix);
    }

    private static Optional<ServerId> parse(String segment) {
        try {
            return Optional.of(new ServerId(segment));
        } catch (IllegalArgumentException notAServerId) {
            return Optional.empty();
        }
    }

    /** A server's key prefix (ending in {@code /<id>/}) and its id. */
    record ServerPrefix(String prefix, ServerId id) {
    }
}
