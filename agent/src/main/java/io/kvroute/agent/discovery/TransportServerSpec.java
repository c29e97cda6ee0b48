package io.kvroute.agent.discovery;

import static java.util.Objects.requireNonNull;

import java.util.OptionalInt;

/**
 * How a container serves one TCP or UDP load balancer ({@code section} {@code tcp} or {@code udp}): the declared
 * container port ({@code loadbalancer.server.port}; empty: address selection picks the only exposed one) and, for
 * TCP, whether the server is dialled with TLS ({@code loadbalancer.server.tls}).
 */
record TransportServerSpec(String section, String service, OptionalInt port, boolean tls) {
    TransportServerSpec {
        requireNonNull(section, "section");
        requireNonNull(service, "service");
        requireNonNull(port, "port");
    }
}
