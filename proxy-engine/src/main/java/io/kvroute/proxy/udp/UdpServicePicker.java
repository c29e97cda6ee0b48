package io.kvroute.proxy.udp;

import com.google.common.net.HostAndPort;
import io.kvroute.proxy.balancer.SmoothWeightedRoundRobin;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Picks the server a new UDP session goes to: round robin over a load balancer's servers, smooth weighted round robin
 * over a weighted service's children (weight 0: never), as Traefik's UDP WRR balancer picks per session.
 * Thread-safe; a pick is arithmetic.
 */
final class UdpServicePicker {
    private final List<HostAndPort> servers;
    private final List<UdpServicePicker> children;
    private final SmoothWeightedRoundRobin order;

    private UdpServicePicker(List<HostAndPort> servers, List<UdpServicePicker> children, long[] weights) {
        this.servers = List.copyOf(servers);
        this.children = List.copyOf(children);
        this.order = new SmoothWeightedRoundRobin(weights);
    }

    static UdpServicePicker servers(List<HostAndPort> servers) {
        long[] weights = new long[servers.size()];
        Arrays.fill(weights, 1);
        return new UdpServicePicker(servers, List.of(), weights);
    }

    static UdpServicePicker weighted(List<UdpServicePicker> children, long[] weights) {
        return new UdpServicePicker(List.of(), children, weights);
    }

    /** The next server, or empty when the service has none. */
    Optional<HostAndPort> pick() {
        int index = order.next(i -> true);
        if (index < 0) {
            return Optional.empty();
        }
        return children.isEmpty() ? Optional.of(servers.get(index)) : children.get(index).pick();
    }
}
