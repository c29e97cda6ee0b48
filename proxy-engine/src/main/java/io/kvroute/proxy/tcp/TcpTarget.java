package io.kvroute.proxy.tcp;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What serves the connections of one TCP router: its middlewares in order, its service, and the TLS options it
 * terminates TLS with (empty: the bytes are forwarded as they come, plain TCP or TLS passthrough).
 */
record TcpTarget(List<TcpGate> gates, TcpServicePicker service, Optional<String> terminatingOptions) {
    TcpTarget {
        gates = List.copyOf(gates);
        requireNonNull(service, "service");
        requireNonNull(terminatingOptions, "terminatingOptions");
    }
}
