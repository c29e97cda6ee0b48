package io.kvroute.proxy.health;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;

/** Names one server of one load-balanced service: the service name and the server's id within it. */
public record ServerKey(String service, String serverId) implements Comparable<ServerKey> {
    private static final Comparator<ServerKey> ORDER =
            Comparator.comparing(ServerKey::service).thenComparing(ServerKey::serverId);

    public ServerKey {
        requireNonNull(service, "service");
        requireNonNull(serverId, "serverId");
        if (service.isEmpty()) {
            throw new IllegalArgumentException("service: \"\" (expected: a service name)");
        }
        if (serverId.isEmpty()) {
            throw new IllegalArgumentException("serverId: \"\" (expected: a server id)");
        }
    }

    @Override
    public int compareTo(ServerKey other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return service + "/" + serverId;
    }
}
