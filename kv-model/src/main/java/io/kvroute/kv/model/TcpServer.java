package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

/** One server of a TCP load balancer: its {@code host:port} address and whether to dial it with TLS. */
public record TcpServer(String address, boolean tls) {
    public TcpServer {
        requireNonNull(address, "address");
    }
}
