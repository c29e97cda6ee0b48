package io.kvroute.proxy.balancer;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.IntPredicate;
import java.util.function.ToIntFunction;

/**
 * A service made of weighted child services, Traefik's weighted ({@link WeightedBalancer}) and
 * {@code highestRandomWeight} ({@link RendezvousBalancer}) services: a child of weight 0 takes no request, a pick
 * goes to a child with an undrained server while some child has one (else to one with a usable server), and the
 * servers are those of the children. The subclass says which child a request goes to.
 */
abstract sealed class ChildServicesBalancer<C extends ChildService> implements ServiceBalancer
        permits WeightedBalancer, RendezvousBalancer {
    private final String service;
    private final List<C> children;

    ChildServicesBalancer(String service, List<C> children) {
        this.service = requireNonNull(service, "service");
        this.children = List.copyOf(children);
    }

    @Override
    public final String service() {
        return service;
    }

    /** The child services, in the order they are configured. */
    public final List<C> children() {
        return children;
    }

    @Override
    public final boolean hasUsableServer(Set<ServerKey> exclude) {
        return children.stream().anyMatch(child -> child.takes(exclude, false));
    }

    @Override
    public final boolean hasUndrainedServer(Set<ServerKey> exclude) {
        return children.stream().anyMatch(child -> child.takes(exclude, true));
    }

    @Override
    public final List<BalancedServer> servers() {
        return ChildService.servers(children.stream().map(ChildService::balancer));
    }

    /**
     * A pick inside the child {@code next} chooses among those that {@link ChildService#takes(Set, boolean) take} the
     * request; a child whose own pick finds nothing is not chosen again, and the next one is tried. {@code chosen}
     * gets the pick and the index of its child; empty when no child is left.
     */
    final Optional<Pick> pickChild(Set<ServerKey> exclude, BalancedRequest request, boolean undrained,
            ToIntFunction<IntPredicate> next, BiFunction<Pick, Integer, Pick> chosen) {
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
}
