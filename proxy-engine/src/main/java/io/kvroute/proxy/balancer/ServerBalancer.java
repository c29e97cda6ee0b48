package io.kvroute.proxy.balancer;

import static java.util.Objects.requireNonNull;

import com.google.common.net.InetAddresses;
import io.kvroute.kv.model.ForwardingTimeouts;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntPredicate;
import java.util.random.RandomGenerator;

/**
 * The servers of one load-balanced service, chosen by its {@link BalancingStrategy}: smooth weighted round robin
 * ({@link SmoothWeightedRoundRobin}), power of two choices on requests in flight ({@link PowerOfTwoChoices}) or
 * highest random weight on the client's IP ({@link RendezvousHash}), skipping servers that are drained (weight 0 or
 * by an operator), down, ejected or excluded by the caller. With a sticky cookie (wrr and p2c; Traefik's hrw has
 * none), a request whose cookie names a usable server goes there; otherwise the pick pins the new server.
 */
public final class ServerBalancer implements ServiceBalancer {
    /**
     * Everything that defines a server balancer: equal specs (same servers, URLs, weights, stickiness, transport
     * timeouts, strategy) let a {@link BalancerRegistry} carry the instance, and its round-robin
     * position, over to the next snapshot. {@code timeouts} are those of the service's servers transport, empty for
     * the proxy's default one.
     */
    public record Spec(String service, List<BalancedServer> servers, boolean passHostHeader,
            Optional<StickyCookieSpec> sticky, Optional<ForwardingTimeouts> timeouts, BalancingStrategy strategy) {
        public Spec {
            requireNonNull(service, "service");
            servers = List.copyOf(servers);
            requireNonNull(sticky, "sticky");
            requireNonNull(timeouts, "timeouts");
            requireNonNull(strategy, "strategy");
            for (BalancedServer server : servers) {
                if (!server.key().service().equals(service)) {
                    throw new IllegalArgumentException("servers: " + server.key() + " (" + server.url()
                            + ") (expected: a server of service " + service + ")");
                }
            }
        }

        /** A weighted round robin spec. */
        public Spec(String service, List<BalancedServer> servers, boolean passHostHeader,
                Optional<StickyCookieSpec> sticky, Optional<ForwardingTimeouts> timeouts) {
            this(service, servers, passHostHeader, sticky, timeouts, BalancingStrategy.WRR);
        }

        /** A spec on the proxy's default servers transport. */
        public Spec(String service, List<BalancedServer> servers, boolean passHostHeader,
                Optional<StickyCookieSpec> sticky) {
            this(service, servers, passHostHeader, sticky, Optional.empty());
        }
    }

    private final Spec spec;
    private final UsabilityView usability;
    private final Clock clock;
    private final SmoothWeightedRoundRobin rotation;
    private final PowerOfTwoChoices twoChoices;
    private final RendezvousHash rendezvous;
    private final String[] pins;
    private final Map<String, Integer> indexByPin;

    ServerBalancer(Spec spec, UsabilityView usability, Clock clock) {
        this(spec, usability, clock, () -> ThreadLocalRandom.current().nextLong());
    }

    /** @param random the draws of {@link BalancingStrategy#P2C} (tests pass a seeded one) */
    ServerBalancer(Spec spec, UsabilityView usability, Clock clock, RandomGenerator random) {
        this.spec = requireNonNull(spec, "spec");
        this.usability = requireNonNull(usability, "usability");
        this.clock = requireNonNull(clock, "clock");
        List<BalancedServer> servers = spec.servers();
        int[] weights = servers.stream().mapToInt(BalancedServer::weight).toArray();
        this.rotation = new SmoothWeightedRoundRobin(weights);
        this.twoChoices = new PowerOfTwoChoices(servers.size(), requireNonNull(random, "random"));
        this.rendezvous = new RendezvousHash(servers.stream().map(BalancedServer::url).toArray(String[]::new),
                weights);
        this.pins = new String[servers.size()];
        Map<String, Integer> byPin = new HashMap<>();
        for (int i = 0; i < servers.size(); i++) {
            pins[i] = PinHash.of(servers.get(i).url());
            byPin.putIfAbsent(pins[i], i);
        }
        this.indexByPin = Map.copyOf(byPin);
    }

    public Spec spec() {
        return spec;
    }

    @Override
    public String service() {
        return spec.service();
    }

    @Override
    public Optional<Pick> pick(Set<ServerKey> exclude, BalancedRequest request) {
        requireNonNull(exclude, "exclude");
        requireNonNull(request, "request");
        long now = clock.millis();
        Optional<StickyCookieSpec> sticky = spec.strategy() == BalancingStrategy.HRW ? Optional.empty()
                : spec.sticky();
        if (sticky.isPresent()) {
            Integer pinned = request.cookie(sticky.get().name()).map(indexByPin::get).orElse(null);
            if (pinned != null && isPickable(pinned, exclude, now)) {
                return Optional.of(pick(pinned, List.of()));
            }
        }
        IntPredicate eligible = i -> isPickable(i, exclude, now);
        int index = switch (spec.strategy()) {
            case WRR -> rotation.next(eligible);
            case P2C -> twoChoices.next(eligible);
            case HRW -> rendezvous.next(request.clientAddress().map(InetAddresses::toAddrString).orElse(""),
                    eligible);
        };
        if (index < 0) {
            return Optional.empty();
        }
        return Optional.of(pick(index, sticky.map(cookie -> List.of(new StickyPin(cookie, pins[index])))
                .orElse(List.of())));
    }

    private Pick pick(int index, List<StickyPin> pinsToSet) {
        InFlightRequest inFlight = spec.strategy() == BalancingStrategy.P2C ? twoChoices.begin(index)
                : InFlightRequest.NONE;
        return new Pick(spec.servers().get(index), spec.passHostHeader(), spec.timeouts(), pinsToSet, List.of(),
                inFlight);
    }

    /** Requests picked for server {@code index} and not ended yet, as {@link BalancingStrategy#P2C} counts them. */
    int inFlight(int index) {
        return twoChoices.inFlight(index);
    }

    @Override
    public boolean hasUsableServer(Set<ServerKey> exclude) {
        long now = clock.millis();
        for (int i = 0; i < spec.servers().size(); i++) {
            if (isPickable(i, exclude, now)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<BalancedServer> servers() {
        return spec.servers();
    }

    @Override
    public Optional<StickyCookieSpec> sticky() {
        return spec.strategy() == BalancingStrategy.HRW ? Optional.empty() : spec.sticky();
    }

    /** True if this balancer was built with exactly this usability view and clock. */
    boolean sharesInputs(UsabilityView otherUsability, Clock otherClock) {
        return usability == otherUsability && clock == otherClock;
    }

    private boolean isPickable(int index, Set<ServerKey> exclude, long now) {
        BalancedServer server = spec.servers().get(index);
        return !server.drained() && (exclude.isEmpty() || !exclude.contains(server.key()))
                && usability.isUsable(server.key(), now);
    }

    @Override
    public String toString() {
        return "ServerBalancer[" + spec.service() + ", " + spec.servers().size() + " servers]";
    }
}
