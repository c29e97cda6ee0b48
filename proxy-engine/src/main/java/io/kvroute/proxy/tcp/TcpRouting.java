package io.kvroute.proxy.tcp;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.routing.Exclusion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The immutable TCP routing state: per entry point its {@link TcpEntryPointTable}, the routers, services and
 * middlewares left out with their reasons, and the {@code inFlightConn} gates (kept by the next build while their
 * settings stay). Built by {@link TcpRoutingBuilder}; held in one reference, never null, swapped whole; a new
 * connection reads it once.
 */
public final class TcpRouting {
    private static final TcpRouting EMPTY = new TcpRouting(Map.of(), List.of(), Map.of());

    private final Map<String, TcpEntryPointTable> tables;
    private final List<Exclusion> exclusions;
    private final Map<String, TcpInFlightGate> inFlightGates;

    TcpRouting(Map<String, TcpEntryPointTable> tables, List<Exclusion> exclusions,
            Map<String, TcpInFlightGate> inFlightGates) {
        this.tables = Map.copyOf(tables);
        this.exclusions = List.copyOf(exclusions);
        this.inFlightGates = Map.copyOf(inFlightGates);
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

    Map<String, TcpInFlightGate> inFlightGates() {
        return inFlightGates;
    }
}
