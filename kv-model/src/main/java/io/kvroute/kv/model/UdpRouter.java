package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A UDP router ({@code udp/routers/<name>}): every datagram of its entry points goes to its service. */
public record UdpRouter(String name, List<String> entryPoints, String service) {
    public UdpRouter {
        Names.check("name", name);
        entryPoints = List.copyOf(entryPoints);
        requireNonNull(service, "service");
    }
}
