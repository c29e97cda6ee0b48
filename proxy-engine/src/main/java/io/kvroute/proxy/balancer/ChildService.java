package io.kvroute.proxy.balancer;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.IntPredicate;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;

/**
 * A child service of a service made of weighted child services ({@link WeightedBalancer}, {@link RendezvousBalancer}):
 * its balancer and its weight; a child of weight 0 takes no request. The statics are what those two services share:
 * whether any child can take a request, the pick among the children, and the servers of the children.
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

    /** True if some child of weight above 0 has a usable server outside {@code exclude}. */
    static boolean anyUsable(List<? extends ChildService> children, Set<ServerKey> exclude) {
        return children.stream().anyMatch(child -> child.takes(exclude, false));
    }

    /** True if some child of weight above 0 has an undrained usable server outside {@code exclude}. */
    static boolean anyUndrained(List<? extends ChildService> children, Set<ServerKey> exclude) {
        return children.stream().anyMatch(child -> child.takes(exclude, true));
    }

    /**
     * A pick inside the child {@code next} chooses among those that {@link #takes(Set, boolean) take} the request; a child whose
     * own pick finds nothing is not chosen again, and the next one is tried. {@code chosen} gets the pick and the
     * index of its child; empty when no child is left.
     */
    static Optional<Pick> pick(List<? extends ChildService> children, Set<ServerKey> exclude, BalancedRequest request,
            boolean undrained, ToIntFunction<IntPredicate> next, BiFunction<Pick, Integer, Pick> chosen) {
        boolean[] failed = new boolean[children.size()];
        for (int attempt = 0; attempt < children.size(); attempt++) {
            int index = next.applyAsInt(i -> !failed[i] && children.get(i).takes(exclude, undrained));
            if (index < 0) {
                return Optional.empty();
            }
            Optional<Pick> pick = children.get(index).balancer().pick(exclude, request);
            if (pick.isPresent()) {
                return Optional.of(chosen.apply(pick.get(), index));
            }
            failed[index] = true;
        }
        return Optional.empty();
    }

    /** The servers of {@code balancers}, each once, in the order the balancers and their servers come. */
    static List<BalancedServer> servers(Stream<ServiceBalancer> balancers) {
        Set<BalancedServer> servers = new LinkedHashSet<>();
        balancers.forEach(balancer -> servers.addAll(balancer.servers()));
        return List.copyOf(servers);
    }
}
