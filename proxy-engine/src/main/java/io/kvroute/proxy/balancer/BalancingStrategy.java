package io.kvroute.proxy.balancer;

import java.util.Optional;

/**
 * How a load-balanced service chooses among its usable servers ({@code loadBalancer/strategy}), as Traefik v3's
 * {@code wrr}, {@code p2c}, {@code hrw} and {@code leasttime} balancers choose. Weight 0 drains a server under every
 * strategy (Traefik's p2c ignores weights; kvroute's agents drain with weight 0).
 */
public enum BalancingStrategy {
    /** Smooth weighted round robin ({@link SmoothWeightedRoundRobin}), Traefik's default. */
    WRR("wrr"),
    /** Power of two choices: of two servers drawn at random, the one with fewer requests in flight. */
    P2C("p2c"),
    /** Highest random weight (rendezvous hashing) keyed by the client's IP: a client stays on one server. */
    HRW("hrw"),
    /** Least time: the lowest average time to response headers times requests in flight, per weight. */
    LEASTTIME("leasttime");

    private final String traefikName;

    BalancingStrategy(String traefikName) {
        this.traefikName = traefikName;
    }

    /** The name Traefik's {@code strategy} key gives it. */
    public String traefikName() {
        return traefikName;
    }

    /** The strategy Traefik's {@code strategy} value names (exact, lower case), if kvroute has it. */
    public static Optional<BalancingStrategy> of(String traefikName) {
        for (BalancingStrategy strategy : values()) {
            if (strategy.traefikName.equals(traefikName)) {
                return Optional.of(strategy);
            }
        }
        return Optional.empty();
    }

    /** The names kvroute balances by, for messages: {@code wrr, p2c, hrw, leasttime}. */
    public static String names() {
        StringBuilder names = new StringBuilder();
        for (BalancingStrategy strategy : values()) {
            names.append(names.length() == 0 ? "" : ", ").append(strategy.traefikName);
        }
        return names.toString();
    }
}
