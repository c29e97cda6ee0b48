package io.kvroute.proxy.balancer;

import static java.util.Objects.requireNonNull;

/**
 * A child service of a {@link RendezvousBalancer}: the name it is configured by (hashed with the client's IP, as
 * Traefik hashes it), its balancer and its weight; weight 0 is never picked.
 */
public record RendezvousChild(String name, ServiceBalancer balancer, long weight) implements ChildService {
    public RendezvousChild {
        requireNonNull(name, "name");
        requireNonNull(balancer, "balancer");
        if (weight < 0) {
            throw new IllegalArgumentException("weight: " + weight + " (expected: >= 0)");
        }
    }
}
