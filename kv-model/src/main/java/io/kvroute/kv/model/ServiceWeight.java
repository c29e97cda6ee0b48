package io.kvroute.kv.model;

/** One entry of a weighted service: the referenced service name (may carry {@code @provider}) and its weight. */
public record ServiceWeight(String name, int weight) {
    public ServiceWeight {
        java.util.Objects.requireNonNull(name, "name");
    }
}
