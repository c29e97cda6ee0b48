package io.kvroute.proxy.tcp;

import io.kvroute.proxy.balancer.SmoothWeightedRoundRobin;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Picks the server a new connection of a TCP service goes to: round robin over a load balancer's servers, smooth
 * weighted round robin over a weighted service's children (weight 0: never), as Traefik's TCP WRR balancer does.
 * Thread-safe; a pick is arithmetic.
 */
final class TcpServicePicker {
    private final List<TcpDial> servers;
    private final List<TcpServicePicker> children;
    private final SmoothWeightedRoundRobin order;

    private TcpServicePicker(List<TcpDial> servers, List<TcpServicePicker> children, long[] weights) {
        this.servers = List.copyOf(servers);
        this.children = List.copyOf(children);
        this.order = new SmoothWeightedRoundRobin(weights);
    }

    static TcpServicePicker servers(List<TcpDial> servers) {
        long[] weights = new long[servers.size()];
        Arrays.fill(weights, 1);
        return new TcpServicePicker(servers, List.of(), weights);
    }

    static TcpServicePicker weighted(List<TcpServicePicker> children, long[] weights) {
        return new TcpServicePicker(List.of(), children, weights);
    }

    /** The next server, or empty when the service has none. */
    Optional<TcpDial> pick() {
        int index = order.next(i -> true);
        if (index < 0) {
            return Optional.empty();
        }
        return children.isEmpty() ? Optional.of(servers.get(index)) : children.get(index).pick();
    }
}
