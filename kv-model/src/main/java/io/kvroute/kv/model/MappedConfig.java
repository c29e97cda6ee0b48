package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * The result of mapping Traefik JSON to the model: the HTTP config, the {@code tls} section (all entities, even
 * faulty ones; TLS files not loaded yet, see {@link TlsChecks}), the {@code tcp} and {@code udp} sections, and their
 * problems.
 */
public record MappedConfig(HttpConfig config, TlsConfig tls, TcpConfig tcp, UdpConfig udp, List<Problem> problems) {
    public MappedConfig {
        requireNonNull(config, "config");
        requireNonNull(tls, "tls");
        requireNonNull(tcp, "tcp");
        requireNonNull(udp, "udp");
        problems = ImmutableList.copyOf(requireNonNull(problems, "problems"));
    }

    /** A mapping without {@code tcp} and {@code udp} sections (Traefik 1.x has none). */
    public MappedConfig(HttpConfig config, TlsConfig tls, List<Problem> problems) {
        this(config, tls, TcpConfig.empty(), UdpConfig.empty(), problems);
    }

    /** True if some problem is an error. */
    public boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }
}
