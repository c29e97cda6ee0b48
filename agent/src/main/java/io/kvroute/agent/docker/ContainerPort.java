package io.kvroute.agent.docker;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Set;

/** A port inside a container with its protocol, written like Docker writes it: {@code 8080/tcp}. */
public record ContainerPort(int port, String protocol) implements Comparable<ContainerPort> {
    private static final Set<String> PROTOCOLS = Set.of("tcp", "udp", "sctp");

    public ContainerPort {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
        requireNonNull(protocol, "protocol");
        if (!PROTOCOLS.contains(protocol)) {
            throw new IllegalArgumentException("protocol: " + protocol + " (expected: tcp, udp or sctp)");
        }
    }

    /** A TCP port. */
    public static ContainerPort tcp(int port) {
        return new ContainerPort(port, "tcp");
    }

    /** Parses {@code 8080/tcp}, {@code 53/udp} or a bare {@code 8080} (TCP). */
    public static ContainerPort parse(String text) {
        requireNonNull(text, "text");
        int slash = text.indexOf('/');
        String number = slash < 0 ? text : text.substring(0, slash);
        String protocol = slash < 0 ? "tcp" : text.substring(slash + 1).toLowerCase(Locale.ROOT);
        try {
            return new ContainerPort(Integer.parseInt(number), protocol);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("container port: " + text + " (expected: PORT[/tcp|udp|sctp])", e);
        }
    }

    public boolean isTcp() {
        return protocol.equals("tcp");
    }

    @Override
    public int compareTo(ContainerPort other) {
        int byPort = Integer.compare(port, other.port);
        return byPort != 0 ? byPort : protocol.compareTo(other.protocol);
    }

    @Override
    public String toString() {
        return port + "/" + protocol;
    }
}
