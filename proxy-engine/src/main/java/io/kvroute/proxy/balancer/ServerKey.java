package io.kvroute.proxy.balancer;

import static java.util.Objects.requireNonNull;

/**
 * Names one server of one load-balanced service: the service name and the server's id under {@code servers/<id>}
 * (or its index when the layout has no ids). Its URL is not part of the name: a server whose URL changes stays the
 * same server (the health checker starts it over and says why). Balancers, retries
 * ({@link ServiceBalancer#pick(java.util.Set, BalancedRequest)}'s exclude set), operator drains, the health checker
 * and the dashboard all use it.
 */
public record ServerKey(String service, String serverId) implements Comparable<ServerKey> {
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
        int byService = service.compareTo(other.service);
        return byService != 0 ? byService : serverId.compareTo(other.serverId);
    }

    @Override
    public String toString() {
        return service + "/" + serverId;
    }
}
