package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A TCP load balancer ({@code tcp/services/<name>/loadBalancer}): its servers, the TCP servers transport it names
 * (empty: the default one), its deprecated own {@code proxyProtocol} version and {@code terminationDelay} (in
 * milliseconds; negative: never), and its active {@code healthCheck}, if any.
 */
public record TcpLoadBalancer(String name, List<TcpServer> servers, String serversTransport,
        Optional<Integer> proxyProtocolVersion, Optional<Integer> terminationDelayMillis,
        Optional<TcpHealthCheck> healthCheck) implements TcpService {
    public static final String TYPE = "loadBalancer";

    public TcpLoadBalancer {
        Names.check("name", name);
        servers = List.copyOf(servers);
        requireNonNull(serversTransport, "serversTransport");
        requireNonNull(proxyProtocolVersion, "proxyProtocolVersion");
        requireNonNull(terminationDelayMillis, "terminationDelayMillis");
        requireNonNull(healthCheck, "healthCheck");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
