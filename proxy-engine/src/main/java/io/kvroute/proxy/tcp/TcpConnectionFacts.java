package io.kvroute.proxy.tcp;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * What a TCP rule can see of a connection before any byte is forwarded (Traefik's {@code ConnData}): the server name
 * of its ClientHello, lower case ({@code HostSNI}), the client's address ({@code ClientIP}) and the ALPN protocols
 * it offers ({@code ALPN}). A plain connection has no server name and no protocols.
 */
record TcpConnectionFacts(Optional<String> serverName, InetAddress client, List<String> alpnProtocols) {
    TcpConnectionFacts {
        requireNonNull(serverName, "serverName");
        requireNonNull(client, "client");
        alpnProtocols = List.copyOf(alpnProtocols);
    }

    /** A connection nothing was read from yet. */
    static TcpConnectionFacts plain(InetAddress client) {
        return new TcpConnectionFacts(Optional.empty(), client, List.of());
    }
}
