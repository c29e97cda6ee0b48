package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import java.util.OptionalLong;

/**
 * One server of a load-balanced service. {@code id} is the key segment under {@code servers/} when known (the
 * agent's stable server id, or a v1 server name), else the server's index. {@code weight} absent means 1; 0 means
 * drained; the URL is kept as text so an invalid one can be reported and shown. A weight is 64-bit as Traefik's Go
 * {@code int} is.
 */
public record Server(String id, String url, OptionalLong weight, boolean preservePath) {
    /** The weight Traefik uses when none is given. */
    public static final int DEFAULT_WEIGHT = 1;

    public Server {
        requireNonNull(id, "id");
        requireNonNull(url, "url");
        requireNonNull(weight, "weight");
        if (id.isEmpty() || id.contains("/")) {
            throw new IllegalArgumentException("id: \"" + id + "\" (expected: non-empty, without '/')");
        }
    }

    /** A server with the default weight and no path preservation. */
    public static Server of(String id, String url) {
        return new Server(id, url, OptionalLong.empty(), false);
    }

    /** The weight the balancer uses: the given one, else {@value #DEFAULT_WEIGHT}. */
    public long effectiveWeight() {
        return weight.orElse(DEFAULT_WEIGHT);
    }

    public Server withId(String newId) {
        return new Server(newId, url, weight, preservePath);
    }

    public Server withWeight(long newWeight) {
        return new Server(id, url, OptionalLong.of(newWeight), preservePath);
    }
}
