package io.kvroute.proxy.tcp;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * How to reach one server of a TCP service: its {@code host:port}, the dial timeout, the PROXY protocol version to
 * send before the client's bytes (0: none), and how long the other direction may go on once one side stopped
 * sending ({@code terminationDelay}; negative: as long as it likes), and the TLS the server is dialled with (its
 * {@code tls}: the servers transport's client side; empty: plain TCP).
 */
record TcpDial(String service, String host, int port, Duration dialTimeout, int proxyProtocolVersion,
        Duration terminationDelay, Optional<TlsToServer> tls) {
    TcpDial {
        requireNonNull(service, "service");
        requireNonNull(host, "host");
        requireNonNull(dialTimeout, "dialTimeout");
        requireNonNull(terminationDelay, "terminationDelay");
        requireNonNull(tls, "tls");
    }

    String address() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
