package io.kvroute.proxy.tcp;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.balancer.ServerKey;
import io.kvroute.proxy.upstream.TlsToServer;
import java.time.Duration;
import java.util.Optional;

/**
 * How to reach one server of a TCP service: its {@code host:port}, the dial timeout, the PROXY protocol version to
 * send before the client's bytes (0: none), and how long the other direction may go on once one side stopped
 * sending ({@code terminationDelay}; negative: as long as it likes), the TLS the server is dialled with (its
 * {@code tls}: the servers transport's client side; empty: plain TCP), and the health checker's name of the server
 * when its service has a health check.
 */
record TcpDial(String service, String host, int port, Duration dialTimeout, int proxyProtocolVersion,
        Duration terminationDelay, Optional<TlsToServer> tls, Optional<ServerKey> checked) {
    TcpDial {
        requireNonNull(service, "service");
        requireNonNull(host, "host");
        requireNonNull(dialTimeout, "dialTimeout");
        requireNonNull(terminationDelay, "terminationDelay");
        requireNonNull(tls, "tls");
        requireNonNull(checked, "checked");
    }

    String address() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
