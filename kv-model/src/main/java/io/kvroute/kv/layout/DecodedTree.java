package io.kvroute.kv.layout;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.model.Problem;
import java.util.List;

/**
 * The result of decoding store pairs: the configuration as Traefik JSON (Traefik's JSON field names) and every
 * problem found on the way. Entities with an {@code ERROR} problem are absent from {@code config}.
 */
public record DecodedTree(ObjectNode config, List<Problem> problems) {
    public DecodedTree {
        requireNonNull(config, "config");
        problems = List.copyOf(requireNonNull(problems, "problems"));
    }

    /** True when at least one problem is an error (an entity or key was dropped). */
    public boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }
}
