package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.rule.RuleSyntax;
import java.util.List;
import java.util.Optional;

/**
 * A TCP router ({@code tcp/routers/<name>}): the entry points it listens on, its rule ({@code HostSNI},
 * {@code HostSNIRegexp}, {@code ClientIP}, {@code ALPN}), the syntax Traefik v3 reads the rule with (its
 * {@code ruleSyntax}, or the layout's default without one, as for HTTP routers), its middlewares, its service, its
 * priority (0: the rule's length, as Traefik computes it) and its TLS settings (absent: plain TCP).
 */
public record TcpRouter(String name, String rule, RuleSyntax ruleSyntax, String service, List<String> entryPoints,
        List<String> middlewares, long priority, Optional<TcpRouterTls> tls) {
    public TcpRouter {
        Names.check("name", name);
        requireNonNull(rule, "rule");
        requireNonNull(ruleSyntax, "ruleSyntax");
        requireNonNull(service, "service");
        entryPoints = List.copyOf(entryPoints);
        middlewares = List.copyOf(middlewares);
        requireNonNull(tls, "tls");
    }
}
