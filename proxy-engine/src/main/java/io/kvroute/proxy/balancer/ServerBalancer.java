package io.kvroute.proxy.balancer;

import static java.util.Objects.requireNonNull;

import com.google.common.net.InetAddresses;
import io.kvroute.proxy.upstream.UpstreamTransport;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntPredicate;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

/**
 * The servers of one load-balanced service, chosen by its {@link BalancingStrategy}: smooth weighted round robin
 * ({@link SmoothWeightedRoundRobin}), power of two choices on requests in flight ({@link PowerOfTwoChoices}), highest
 * random weight on the client's IP ({@link RendezvousHash}) or least time to response headers ({@link LeastTime}),
 * skipping servers that are down, ejected or excluded by the caller. A drained server (weight 0, or by an operator)
 * gets no new request while an undrained one can take it, and still serves when it is all that is left (then by round
 * robin, whatever the strategy): draining the last replica of a service (a {@code docker stop} in progress) keeps it
 * serving until it is removed, instead of answering 503 while it still runs. With a sticky cookie (wrr, p2c and
 * leasttime; Traefik's hrw has none), a request whose cookie names a usable undrained server goes there; otherwise the
 * pick pins the new server.
 */
public final class ServerBalancer implements ServiceBalancer {
    /**
     * Everything that defines a server balancer: equal specs (same servers, URLs, weights, stickiness, servers
     * transport, strategy) let a {@link BalancerRegistry} carry the instance, and its round-robin position, over to
     * the next snapshot. {@code transport} is the service's servers transport, empty for the proxy's default one.
     */
    public record Spec(String service, List<BalancedServer> servers, boolean passHostHeader,
            Optional<StickyCookieSpec> sticky, Optional<UpstreamTransport> transport, BalancingStrategy strategy) {
        public Spec {
            requireNonNull(service, "service");
            servers = List.copyOf(servers);
            requireNonNull(sticky, "sticky");
            requireNonNull(transport, "transport");
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
                Optional<StickyCookieSpec> sticky, Optional<UpstreamTransport> transport) {
            this(service, servers, passHostHeader, sticky, transport, BalancingStrategy.WRR);
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
    /** Over every server (weight 0 counting as 1), for when only drained servers are usable. */
    private final SmoothWeightedRoundRobin lastResort;
    /*
     * The state of the other strategies and the sticky pins are built only where the spec uses them (over no server
     * otherwise): a leasttime ring of samples per server, a hash name per server and a pin per server would otherwise
     * be kept for every service whatever it balances by.
     */
    private final PowerOfTwoChoices twoChoices;
    private final RendezvousHash rendezvous;
    private final LeastTime leastTime;
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
        requireNonNull(random, "random");
        List<BalancedServer> servers = spec.servers();
        long[] weights = servers.stream().mapToLong(BalancedServer::weight).toArray();
        this.rotation = new SmoothWeightedRoundRobin(weights);
        this.lastResort = new SmoothWeightedRoundRobin(
                servers.stream().mapToLong(s -> Math.max(1, s.weight())).toArray());
        BalancingStrategy strategy = spec.strategy();
        this.twoChoices = new PowerOfTwoChoices(strategy == BalancingStrategy.P2C ? servers.size() : 0, random);
        this.rendezvous = strategy == BalancingStrategy.HRW
                ? new RendezvousHash(servers.stream().map(BalancedServer::url).toArray(String[]::new), weights)
                : new RendezvousHash(new String[0], new long[0]);
        this.leastTime = new LeastTime(strategy == BalancingStrategy.LEASTTIME ? weights : new long[0]);
        boolean pinned = sticky().isPresent();
        this.pins = new String[pinned ? servers.size() : 0];
        Map<String, Integer> byPin = new HashMap<>();
        for (int i = 0; i < pins.length; i++) {
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
        Optional<StickyCookieSpec> sticky = sticky();
        if (sticky.isPresent()) {
            Integer pinned = request.cookie(sticky.get().name()).map(indexByPin::get).orElse(null);
            if (pinned != null && isUndrained(pinned, exclude, now)) {
                return Optional.of(pick(pinned, List.of(), true));
            }
        }
        IntPredicate undrained = i -> isUndrained(i, exclude, now);
        int chosen = switch (spec.strategy()) {
            case WRR -> rotation.next(undrained);
            case P2C -> twoChoices.next(undrained);
            case HRW -> rendezvous.next(request.clientAddress().map(InetAddresses::toAddrString).orElse(""),
                    undrained);
            case LEASTTIME -> leastTime.next(undrained, rotation);
        };
        int index = chosen >= 0 ? chosen : lastResort.next(i -> isUsable(i, exclude, now));
        if (index < 0) {
            return Optional.empty();
        }
        return Optional.of(pick(index, sticky.isPresent() ? List.of(new StickyPin(sticky.get(), pins[index]))
                : List.of(), false));
    }

    /**
     * @param byCookie the request's sticky cookie chose the server: Traefik's leasttime then sends it on without
     *                 counting it in flight or timing it (its p2c counts it)
     */
    private Pick pick(int index, List<StickyPin> pinsToSet, boolean byCookie) {
        InFlightRequest inFlight = switch (spec.strategy()) {
            case P2C -> twoChoices.begin(index);
            case LEASTTIME -> byCookie ? InFlightRequest.NONE : leastTime.begin(index);
            case WRR, HRW -> InFlightRequest.NONE;
        };
        return new Pick(spec.servers().get(index), spec.passHostHeader(), spec.transport(), pinsToSet, List.of(),
                inFlight, List.of());
    }

    /**
     * Requests picked for server {@code index} and not ended yet, as {@link BalancingStrategy#P2C} and
     * {@link BalancingStrategy#LEASTTIME} count them.
     */
    int inFlight(int index) {
        return switch (spec.strategy()) {
            case P2C -> twoChoices.inFlight(index);
            case LEASTTIME -> leastTime.inFlight(index);
            case WRR, HRW -> 0;
        };
    }

    /** The {@link BalancingStrategy#LEASTTIME} times and counts of the servers (tests fill in times). */
    LeastTime leastTime() {
        return leastTime;
    }

    @Override
    public boolean hasUsableServer(Set<ServerKey> exclude) {
        long now = clock.millis();
        return IntStream.range(0, spec.servers().size()).anyMatch(i -> isUsable(i, exclude, now));
    }

    @Override
    public boolean hasUndrainedServer(Set<ServerKey> exclude) {
        long now = clock.millis();
        return IntStream.range(0, spec.servers().size()).anyMatch(i -> isUndrained(i, exclude, now));
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

    /** Usable and drained neither by its weight nor by an operator. */
    private boolean isUndrained(int index, Set<ServerKey> exclude, long now) {
        BalancedServer server = spec.servers().get(index);
        return !server.drained() && !usability.isDrained(server.key()) && isUsable(index, exclude, now);
    }

    /** Not excluded and healthy (up, or its ejection over), drained or not. */
    private boolean isUsable(int index, Set<ServerKey> exclude, long now) {
        BalancedServer server = spec.servers().get(index);
        return (exclude.isEmpty() || !exclude.contains(server.key()))
                && usability.usability(server.key()).isUsableAt(now);
    }

    @Override
    public String toString() {
        return "ServerBalancer[" + spec.service() + ", " + spec.servers().size() + " servers]";
    }
}
