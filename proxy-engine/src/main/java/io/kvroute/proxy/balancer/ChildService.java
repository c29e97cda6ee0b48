package io.kvroute.proxy.balancer;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A child service of a service made of weighted child services ({@link ChildServicesBalancer}): its balancer and its
 * weight; a child of weight 0 takes no request.
 */
sealed interface ChildService permits WeightedChild, RendezvousChild {
    ServiceBalancer balancer();

    long weight();

    /**
     * True if a pick may go to this child: its weight is above 0 and it has a server outside {@code exclude} that is
     * undrained (when {@code undrained}) or usable (when not).
     */
    default boolean takes(Set<ServerKey> exclude, boolean undrained) {
        return weight() > 0 && (undrained
                ? balancer().hasUndrainedServer(exclude)
                : balancer().hasUsableServer(exclude));
    }

    /** The servers of child services {@code balancers}, each once, in the order the balancers and servers come. */
    static List<BalancedServer> servers(Stream<ServiceBalancer> balancers) {
        Set<BalancedServer> servers = new LinkedHashSet<>();
        balancers.forEach(balancer -> servers.addAll(balancer.servers()));
        return List.copyOf(servers);
    }
}
