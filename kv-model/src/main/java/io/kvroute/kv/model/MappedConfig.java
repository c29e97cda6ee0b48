package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * The result of mapping Traefik JSON to the model: the HTTP config and the {@code tls} section (all entities, even
 * faulty ones; TLS files not loaded yet, see {@link TlsChecks}) and their problems.
 */
public record MappedConfig(HttpConfig config, TlsConfig tls, List<Problem> problems) {
    public MappedConfig {
        requireNonNull(config, "config");
        requireNonNull(tls, "tls");
        problems = ImmutableList.copyOf(requireNonNull(problems, "problems"));
    }

    /** True if some problem is an error. */
    public boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }
}
