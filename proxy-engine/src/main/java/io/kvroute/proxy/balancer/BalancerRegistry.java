package io.kvroute.proxy.balancer;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSortedMap;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The balancers of one routing snapshot, by service name. A new registry is built from the previous one: a service
 * whose definition is unchanged (same servers, URLs, weights, stickiness, strategy; for weighted, highest random
 * weight, mirroring and failover services the same child instances and settings) keeps its balancer instance, and with
 * it its round-robin position, requests in flight and mirror counts; changed services get new instances.
 *
 * <pre>{@code
 * BalancerRegistry.Builder builder = BalancerRegistry.builder(previous, usabilityBoard, Clock.systemUTC());
 * ServiceBalancer web = builder.loadBalancer(new ServerBalancer.Spec("web", servers, true, Optional.empty()));
 * BalancerRegistry registry = builder.build();
 * }</pre>
 */
public final class BalancerRegistry {
    private static final BalancerRegistry EMPTY = new BalancerRegistry(ImmutableSortedMap.of());

    private final SortedMap<String, ServiceBalancer> balancers;

    private BalancerRegistry(SortedMap<String, ServiceBalancer> balancers) {
        this.balancers = ImmutableSortedMap.copyOfSorted(balancers);
    }

    public static BalancerRegistry empty() {
        return EMPTY;
    }

    /** A builder that reuses {@code previous}'s balancers where the definition is unchanged. */
    public static Builder builder(BalancerRegistry previous, UsabilityView usability, Clock clock) {
        return new Builder(previous, usability, clock);
    }

    public Optional<ServiceBalancer> balancer(String service) {
        return Optional.ofNullable(balancers.get(service));
    }

    /** Every balancer by service name, sorted. */
    public SortedMap<String, ServiceBalancer> balancers() {
        return balancers;
    }

    /** Collects the balancers of the next registry; not thread-safe, used by one snapshot build. */
    public static final class Builder {
        private final BalancerRegistry previous;
        private final UsabilityView usability;
        private final Clock clock;
        private final SortedMap<String, ServiceBalancer> built = new TreeMap<>();

        private Builder(BalancerRegistry previous, UsabilityView usability, Clock clock) {
            this.previous = requireNonNull(previous, "previous");
            this.usability = requireNonNull(usability, "usability");
            this.clock = requireNonNull(clock, "clock");
        }

        /** The balancer of a load-balanced service: the previous instance if its spec is equal, else a new one. */
        public ServerBalancer loadBalancer(ServerBalancer.Spec spec) {
            requireNonNull(spec, "spec");
            ServiceBalancer old = previous.balancers.get(spec.service());
            ServerBalancer balancer = old instanceof ServerBalancer server && server.spec().equals(spec)
                    && server.sharesInputs(usability, clock) ? server : new ServerBalancer(spec, usability, clock);
            return register(balancer);
        }

        /**
         * The balancer of a weighted service over {@code children} (balancers this builder returned): the previous
         * instance if it has the same child instances, weights and sticky cookie, else a new one.
         */
        public WeightedBalancer weighted(String service, List<WeightedChild> children,
                Optional<StickyCookieSpec> sticky) {
            requireNonNull(service, "service");
            requireNonNull(children, "children");
            requireNonNull(sticky, "sticky");
            ServiceBalancer old = previous.balancers.get(service);
            WeightedBalancer balancer = old instanceof WeightedBalancer weighted && sameChildren(weighted, children)
                    && weighted.sticky().equals(sticky) ? weighted : new WeightedBalancer(service, children, sticky);
            return register(balancer);
        }

        /**
         * The balancer of a highest random weight service over {@code children} (balancers this builder returned): the
         * previous instance if it has the same names, child instances and weights, else a new one.
         */
        public RendezvousBalancer rendezvous(String service, List<RendezvousChild> children) {
            requireNonNull(service, "service");
            List<RendezvousChild> copy = List.copyOf(children);
            ServiceBalancer old = previous.balancers.get(service);
            RendezvousBalancer balancer = old instanceof RendezvousBalancer rendezvous
                    && sameChildren(rendezvous.children(), copy) ? rendezvous : new RendezvousBalancer(service, copy);
            return register(balancer);
        }

        /**
         * The balancer of a mirroring service over {@code main} and {@code mirrors} (balancers this builder returned):
         * the previous instance, with its mirror counts, if it has the same balancer instances, percentages and body
         * settings, else a new one.
         */
        public MirroringBalancer mirroring(String service, ServiceBalancer main, List<MirroringBalancer.Mirror> mirrors,
                MirroringBalancer.Body body) {
            requireNonNull(service, "service");
            ServiceBalancer old = previous.balancers.get(service);
            MirroringBalancer balancer = old instanceof MirroringBalancer mirroring && mirroring.main() == main
                    && sameMirrors(mirroring.mirrors(), mirrors) && mirroring.body().equals(body) ? mirroring
                    : new MirroringBalancer(service, main, mirrors, body);
            return register(balancer);
        }

        /**
         * The balancer of a failover service over {@code main} and {@code fallback} (balancers this builder
         * returned): the previous instance if it has the same two and the same {@code errors}, else a new one.
         */
        public FailoverBalancer failover(String service, ServiceBalancer main, ServiceBalancer fallback,
                Optional<FailoverErrors> errors) {
            requireNonNull(service, "service");
            ServiceBalancer old = previous.balancers.get(service);
            FailoverBalancer balancer = old instanceof FailoverBalancer failover && failover.main() == main
                    && failover.fallback() == fallback && failover.errors().equals(errors) ? failover
                    : new FailoverBalancer(service, main, fallback, errors);
            return register(balancer);
        }

        /**
         * Takes over a balancer of the previous registry as it is, without comparing its definition: for a service
         * whose model instance is the one the balancer was built from.
         *
         * @throws IllegalArgumentException if {@code balancer} is not the previous registry's balancer of its service
         */
        public void reuse(ServiceBalancer balancer) {
            if (previous.balancers.get(balancer.service()) != balancer) {
                throw new IllegalArgumentException("balancer of service " + balancer.service()
                        + " (expected: the previous registry's balancer of that service)");
            }
            register(balancer);
        }

        public BalancerRegistry build() {
            return new BalancerRegistry(built);
        }

        private <T extends ServiceBalancer> T register(T balancer) {
            if (built.putIfAbsent(balancer.service(), balancer) != null) {
                throw new IllegalStateException("service " + balancer.service() + " already has a balancer");
            }
            return balancer;
        }

        private static boolean sameMirrors(List<MirroringBalancer.Mirror> old, List<MirroringBalancer.Mirror> mirrors) {
            if (old.size() != mirrors.size()) {
                return false;
            }
            for (int i = 0; i < mirrors.size(); i++) {
                if (old.get(i).balancer() != mirrors.get(i).balancer()
                        || old.get(i).percent() != mirrors.get(i).percent()) {
                    return false;
                }
            }
            return true;
        }

        private static boolean sameChildren(List<RendezvousChild> old, List<RendezvousChild> children) {
            if (old.size() != children.size()) {
                return false;
            }
            for (int i = 0; i < children.size(); i++) {
                if (old.get(i).balancer() != children.get(i).balancer()
                        || !old.get(i).name().equals(children.get(i).name())
                        || old.get(i).weight() != children.get(i).weight()) {
                    return false;
                }
            }
            return true;
        }

        private static boolean sameChildren(WeightedBalancer old, List<WeightedChild> children) {
            List<WeightedChild> oldChildren = old.children();
            if (oldChildren.size() != children.size()) {
                return false;
            }
            for (int i = 0; i < children.size(); i++) {
                if (oldChildren.get(i).balancer() != children.get(i).balancer()
                        || oldChildren.get(i).weight() != children.get(i).weight()) {
                    return false;
                }
            }
            return true;
        }
    }
}
