package io.kvroute.agent.discovery;

import static java.util.Objects.requireNonNull;

/**
 * One TCP or UDP server a source declares: its section ({@code tcp} or {@code udp}), service, instance name
 * ({@code web-1-5432}, made a per-node id by {@link DeclarationEncoder}), {@code host:port} address and, for TCP,
 * whether it is dialled with TLS.
 */
public record TransportServer(String section, String service, String instance, String address, boolean tls) {
    public TransportServer {
        requireNonNull(section, "section");
        requireNonNull(service, "service");
        requireNonNull(instance, "instance");
        requireNonNull(address, "address");
    }
}
