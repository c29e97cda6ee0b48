package io.kvroute.kv.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.layout.Layout;
import io.kvroute.kv.model.HttpConfig;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.TlsConfig;
import java.util.List;
import java.util.Set;

/**
 * One decode of a root: Traefik's view as JSON ({@code http} and {@code tls} for v2/v3 keys,
 * {@code backends}/{@code frontends} for v1 keys), the typed model of both, the {@code tls} section with its
 * certificates loaded and checked, every problem found (decode, semantic, TLS and rule problems, keys in full), and
 * which layouts were present. The JSON is a private copy: callers must not change it.
 */
public record DecodedConfig(ObjectNode traefikJson, HttpConfig model, TlsConfig tls, List<Problem> problems,
        Set<Layout> layouts) {
    public DecodedConfig {
        requireNonNull(traefikJson, "traefikJson");
        requireNonNull(model, "model");
        requireNonNull(tls, "tls");
        problems = List.copyOf(problems);
        layouts = Set.copyOf(layouts);
    }

    /** A decode without a {@code tls} section: what the proxy, which serves no TLS yet, builds its routing from. */
    public DecodedConfig(ObjectNode traefikJson, HttpConfig model, List<Problem> problems, Set<Layout> layouts) {
        this(traefikJson, model, TlsConfig.empty(), problems, layouts);
    }

    public boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }
}
