package io.kvroute.kv.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.layout.Layout;
import io.kvroute.kv.model.HttpConfig;
import io.kvroute.kv.model.Problem;
import java.util.List;
import java.util.Set;

/**
 * One decode of a root: Traefik's view as JSON ({@code http} for v2/v3 keys, {@code backends}/{@code frontends}
 * for v1 keys), the typed model of both, every problem found (decode, semantic and rule problems, keys in full),
 * and which layouts were present. The JSON is a private copy: callers must not change it.
 */
public record DecodedConfig(ObjectNode traefikJson, HttpConfig model, List<Problem> problems, Set<Layout> layouts) {
    public DecodedConfig {
        requireNonNull(traefikJson, "traefikJson");
        requireNonNull(model, "model");
        problems = List.copyOf(problems);
        layouts = Set.copyOf(layouts);
    }

    public boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }
}
