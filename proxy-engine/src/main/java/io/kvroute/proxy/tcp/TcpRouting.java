package io.kvroute.proxy.tcp;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.health.ProbeTarget;
import io.kvroute.proxy.routing.Exclusion;
import io.kvroute.proxy.upstream.ServerTlsSettings;
import io.kvroute.proxy.upstream.TlsToServer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The immutable TCP routing state: per entry point its {@link TcpEntryPointTable}, the routers, services and
 * middlewares left out with their reasons, the {@code inFlightConn} gates (kept by the next build while their
 * settings stay), the TLS to servers of each servers transport TLS in use (kept by the next build while its settings
 * stay, so its context is made once; dropped with the last routing using it), and the servers of health-checked
 * services for the health checker. Built by {@link TcpRoutingBuilder}; held in one reference, never null, swapped
 * whole; a new connection reads it once.
 */
public final class TcpRouting {
    private static final TcpRouting EMPTY = new TcpRouting(Map.of(), List.of(), Map.of(), Map.of(), Map.of());

    private final Map<String, TcpEntryPointTable> tables;
    private final List<Exclusion> exclusions;
    private final Map<String, TcpInFlightGate> inFlightGates;
    private final Map<ServerTlsSettings, TlsToServer> serverTls;
    private final Map<String, Set<ProbeTarget>> probeTargets;

    TcpRouting(Map<String, TcpEntryPointTable> tables, List<Exclusion> exclusions,
            Map<String, TcpInFlightGate> inFlightGates, Map<ServerTlsSettings, TlsToServer> serverTls,
            Map<String, Set<ProbeTarget>> probeTargets) {
        this.tables = Map.copyOf(tables);
        this.exclusions = List.copyOf(exclusions);
        this.inFlightGates = Map.copyOf(inFlightGates);
        this.serverTls = Map.copyOf(serverTls);
        this.probeTargets = Map.copyOf(probeTargets);
    }

    public static TcpRouting empty() {
        return EMPTY;
    }

    /** The routes of {@code entryPoint}; empty when it has no TCP router and no HTTPS router. */
    Optional<TcpEntryPointTable> table(String entryPoint) {
        return Optional.ofNullable(tables.get(requireNonNull(entryPoint, "entryPoint")));
    }

    /** The TCP routers, services and middlewares left out, and why. */
    public List<Exclusion> exclusions() {
        return exclusions;
    }

    /** The names of the routers served on some entry point. */
    public Set<String> servedRouters() {
        Set<String> served = new TreeSet<>();
        tables.values().forEach(table -> {
            table.plain().forEach(route -> served.add(route.router()));
            table.tls().forEach(route -> served.add(route.router()));
        });
        return served;
    }

    /**
     * The servers the health checker watches for the health-checked load balancers, by the checker's service name
     * ({@link TcpServerKeys}), as {@link io.kvroute.proxy.health.HealthChecker#updateServices} takes them.
     */
    public Map<String, Set<ProbeTarget>> probeTargets() {
        return probeTargets;
    }

    Map<String, TcpInFlightGate> inFlightGates() {
        return inFlightGates;
    }

    /** The TLS to servers in use, one per servers transport TLS settings some built load balancer dials with. */
    Map<ServerTlsSettings, TlsToServer> serverTls() {
        return serverTls;
    }
}
