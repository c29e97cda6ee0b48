package io.kvroute.proxy.tcp;

import java.util.List;
import java.util.Optional;

/**
 * The TCP routes of one entry point, in priority order, as Traefik's TCP router holds them: those of routers without
 * TLS ({@code plain}), those of routers with TLS, terminated or passed through ({@code tls}), and what the entry
 * point's HTTPS routers claim by server name ({@code httpsHosts}, their {@code Host} names) or for every name
 * ({@code httpsCatchAll}: an HTTPS router without a {@code Host}).
 */
record TcpEntryPointTable(List<TcpRoute> plain, List<TcpRoute> tls, List<String> httpsHosts,
        boolean httpsCatchAll) {
    TcpEntryPointTable {
        plain = List.copyOf(plain);
        tls = List.copyOf(tls);
        httpsHosts = List.copyOf(httpsHosts);
    }

    boolean hasTcpRoutes() {
        return !plain.isEmpty() || !tls.isEmpty();
    }

    boolean hasHttpsRoutes() {
        return !httpsHosts.isEmpty() || httpsCatchAll;
    }

    Optional<TcpRoute> plainRoute(TcpConnectionFacts facts) {
        return first(plain, facts);
    }

    Optional<TcpRoute> tlsRoute(TcpConnectionFacts facts) {
        return first(tls, facts);
    }

    /** Whether an HTTPS router names the server name in a {@code Host} (not the catch-all). */
    boolean httpsClaims(Optional<String> serverName) {
        return serverName.filter(name -> httpsHosts.stream().anyMatch(host -> TcpRuleMatch.matchesHost(name, host)))
                .isPresent();
    }

    private static Optional<TcpRoute> first(List<TcpRoute> routes, TcpConnectionFacts facts) {
        for (TcpRoute route : routes) {
            if (route.rule().test(facts)) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }
}
