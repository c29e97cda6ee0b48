package io.kvroute.proxy.health;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSortedMap;
import io.kvroute.kv.model.HealthCheck;
import io.kvroute.kv.model.LoadBalancerService;
import io.kvroute.kv.model.Server;
import io.kvroute.kv.model.TcpHealthCheck;
import io.kvroute.proxy.balancer.ServerKey;
import io.kvroute.proxy.upstream.ServerTls;
import java.util.ArrayList;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One server the {@link HealthChecker} watches: its key, its URL as configured, its service's active health check,
 * or none (then the server is always UP for the active side and only passive ejection applies), the TLS of its
 * service's servers transport, which {@code https} probes use as the service's requests do (Traefik probes through
 * the service's transport), and whether {@code https} probes offer h2 by ALPN as those requests do (the transport
 * does not set {@code disableHTTP2}), and its service's {@link PassiveCheck}, if it has one. A TCP server
 * ({@link #tcp}) has a {@code tcp://host:port} URL, its {@code tcpCheck}, and whether it is dialled in TLS
 * ({@code tcpOverTls}, with {@code tls}, as its connections are); its {@code healthCheck} is the {@code tcp} mode spec
 * the schedule reads its intervals from.
 */
public record ProbeTarget(ServerKey key, String url, Optional<HealthCheck> healthCheck, ServerTls tls,
        boolean http2, Optional<TcpHealthCheck> tcpCheck, boolean tcpOverTls, Optional<PassiveCheck> passiveCheck) {
    /** The mode of the spec a TCP server is scheduled with. */
    static final String TCP_MODE = "tcp";

    public ProbeTarget {
        requireNonNull(key, "key");
        requireNonNull(url, "url");
        requireNonNull(healthCheck, "healthCheck");
        requireNonNull(tls, "tls");
        requireNonNull(tcpCheck, "tcpCheck");
        requireNonNull(passiveCheck, "passiveCheck");
    }

    /** An HTTP server's target, whose service has no passive health check of its own. */
    public ProbeTarget(ServerKey key, String url, Optional<HealthCheck> healthCheck, ServerTls tls, boolean http2) {
        this(key, url, healthCheck, tls, http2, Optional.empty(), false, Optional.empty());
    }

    /** An HTTP server's target with its service's passive health check, if any. */
    public ProbeTarget(ServerKey key, String url, Optional<HealthCheck> healthCheck, ServerTls tls, boolean http2,
            Optional<PassiveCheck> passiveCheck) {
        this(key, url, healthCheck, tls, http2, Optional.empty(), false, passiveCheck);
    }

    /** The target of plain TCP server {@code address} ({@code host:port}) checked with {@code check}. */
    public static ProbeTarget tcp(ServerKey key, String address, TcpHealthCheck check) {
        return tcp(key, address, check, Optional.empty());
    }

    /**
     * The target of TCP server {@code address} ({@code host:port}) checked with {@code check}, dialled as Traefik's TCP
     * health checker dials it, through the server's own dialer: in TLS with {@code tls} when present (the server has
     * {@code tls}; the handshake is part of the probe), in plain TCP otherwise.
     */
    public static ProbeTarget tcp(ServerKey key, String address, TcpHealthCheck check, Optional<ServerTls> tls) {
        requireNonNull(check, "check");
        requireNonNull(tls, "tls");
        HealthCheck schedule = new HealthCheck(Optional.empty(), Optional.of(TCP_MODE), Optional.empty(),
                Optional.empty(), OptionalInt.empty(), check.port(), Optional.of(check.interval()),
                Optional.of(check.timeout()), Optional.of(check.effectiveUnhealthyInterval()), Optional.empty(),
                Optional.empty(), ImmutableSortedMap.of());
        return new ProbeTarget(key, "tcp://" + address, Optional.of(schedule), tls.orElse(ServerTls.jdkDefault()),
                false, Optional.of(check), tls.isPresent(), Optional.empty());
    }

    /** A target on a transport with {@code tls} that offers h2 to {@code https} servers, as Traefik's default. */
    public ProbeTarget(ServerKey key, String url, Optional<HealthCheck> healthCheck, ServerTls tls) {
        this(key, url, healthCheck, tls, true);
    }

    /** A target on the proxy's default servers transport: the JDK's trusted certificates, the URL's host as name. */
    public ProbeTarget(ServerKey key, String url, Optional<HealthCheck> healthCheck) {
        this(key, url, healthCheck, ServerTls.jdkDefault());
    }

    public static ProbeTarget of(String service, String serverId, String url, Optional<HealthCheck> healthCheck) {
        return new ProbeTarget(new ServerKey(service, serverId), url, healthCheck);
    }

    /** One target per server of {@code service}, each carrying the service's health check and {@code tls}. */
    public static Set<ProbeTarget> allOf(LoadBalancerService service, ServerTls tls) {
        return allOf(service, tls, true);
    }

    /**
     * One target per server of {@code service}, each carrying the service's health check, {@code tls}, whether h2
     * is offered to {@code https} servers, and the service's passive health check (none when its settings are
     * unusable: such a service is not served).
     */
    public static Set<ProbeTarget> allOf(LoadBalancerService service, ServerTls tls, boolean http2) {
        requireNonNull(service, "service");
        Optional<PassiveCheck> passive = PassiveCheck.of(service.extras(), new ArrayList<>());
        return service.servers().stream()
                .map((Server server) -> new ProbeTarget(new ServerKey(service.name(), server.id()), server.url(),
                        service.healthCheck(), tls, http2, passive))
                .collect(Collectors.toUnmodifiableSet());
    }
}
