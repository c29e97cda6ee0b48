package io.kvroute.kv.model;

import java.util.List;
import java.util.Optional;

/**
 * A UDP service ({@code udp/services/<name>}): a load balancer over server addresses ({@code servers}, weighted
 * empty) or weighted round robin over other UDP services ({@code weighted}, servers empty).
 */
public record UdpService(String name, Optional<List<String>> servers, Optional<List<ServiceWeight>> weighted) {
    public UdpService {
        Names.check("name", name);
        servers = servers.map(List::copyOf);
        weighted = weighted.map(List::copyOf);
        if (servers.isPresent() == weighted.isPresent()) {
            throw new IllegalArgumentException("udp service " + name + ": servers " + servers + ", weighted "
                    + weighted + " (expected: exactly one of them)");
        }
    }
}
