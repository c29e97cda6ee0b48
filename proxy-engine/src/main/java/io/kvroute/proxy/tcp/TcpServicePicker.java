package io.kvroute.proxy.tcp;

import io.kvroute.proxy.balancer.SmoothWeightedRoundRobin;
import io.kvroute.proxy.balancer.UsabilityView;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * Picks the server a new connection of a TCP service goes to: round robin over a load balancer's servers, smooth
 * weighted round robin over a weighted service's children (weight 0: never), as Traefik's TCP WRR balancer does.
 * Servers the health checker holds DOWN are skipped; a weighted service with {@code healthCheck} skips the children
 * with no usable server, as Traefik's status propagation drops them. Nothing to pick: the connection is closed, as
 * Traefik's balancer closes it. Thread-safe; a pick is arithmetic over the checker's published view.
 */
final class TcpServicePicker {
    private final List<TcpDial> servers;
    private final List<TcpServicePicker> children;
    private final SmoothWeightedRoundRobin order;
    private final IntPredicate eligible;

    private TcpServicePicker(List<TcpDial> servers, List<TcpServicePicker> children, long[] weights,
            UsabilityView usability, boolean childHealth) {
        this.servers = List.copyOf(servers);
        this.children = List.copyOf(children);
        this.order = new SmoothWeightedRoundRobin(weights);
        this.eligible = !this.children.isEmpty()
                ? (childHealth ? i -> this.children.get(i).hasUsable() : i -> true)
                : i -> this.servers.get(i).checked()
                        .map(key -> usability.usability(key).isUsableAt(System.currentTimeMillis())).orElse(true);
    }

    static TcpServicePicker servers(List<TcpDial> servers, UsabilityView usability) {
        long[] weights = new long[servers.size()];
        Arrays.fill(weights, 1);
        return new TcpServicePicker(servers, List.of(), weights, usability, false);
    }

    /** @param childHealth the service has {@code healthCheck}: a child with no usable server is not picked */
    static TcpServicePicker weighted(List<TcpServicePicker> children, long[] weights, boolean childHealth) {
        return new TcpServicePicker(List.of(), children, weights, UsabilityView.allUp(), childHealth);
    }

    /** The next server, or empty when the service has none it may pick. */
    Optional<TcpDial> pick() {
        int index = order.next(eligible);
        if (index < 0) {
            return Optional.empty();
        }
        return children.isEmpty() ? Optional.of(servers.get(index)) : children.get(index).pick();
    }

    /** Whether some server of the service may be picked now. */
    private boolean hasUsable() {
        int size = children.isEmpty() ? servers.size() : children.size();
        for (int i = 0; i < size; i++) {
            if (eligible.test(i) && (children.isEmpty() || children.get(i).hasUsable())) {
                return true;
            }
        }
        return false;
    }
}
