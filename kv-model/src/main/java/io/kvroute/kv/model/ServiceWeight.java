package io.kvroute.kv.model;

/** One entry of a weighted service: the referenced service name (may carry {@code @provider}) and its weight
 * (64-bit, Traefik's Go {@code int}). */
public record ServiceWeight(String name, long weight) {
    public ServiceWeight {
        java.util.Objects.requireNonNull(name, "name");
    }
}
