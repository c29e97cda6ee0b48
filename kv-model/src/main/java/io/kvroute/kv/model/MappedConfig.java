package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;

/** The result of mapping Traefik JSON to the model: the config (all entities, even faulty ones) and its problems. */
public record MappedConfig(HttpConfig config, List<Problem> problems) {
    public MappedConfig {
        requireNonNull(config, "config");
        problems = ImmutableList.copyOf(requireNonNull(problems, "problems"));
    }

    /** True if some problem is an error. */
    public boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }
}
