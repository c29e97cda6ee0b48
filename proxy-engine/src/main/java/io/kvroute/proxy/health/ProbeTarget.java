package io.kvroute.proxy.health;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.HealthCheck;
import io.kvroute.kv.model.LoadBalancerService;
import io.kvroute.kv.model.Server;
import io.kvroute.proxy.balancer.ServerKey;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One server the {@link HealthChecker} watches: its key, its URL as configured, and its service's active health
 * check, or none (then the server is always UP for the active side and only passive ejection applies).
 */
public record ProbeTarget(ServerKey key, String url, Optional<HealthCheck> healthCheck) {
    public ProbeTarget {
        requireNonNull(key, "key");
        requireNonNull(url, "url");
        requireNonNull(healthCheck, "healthCheck");
    }

    public static ProbeTarget of(String service, String serverId, String url, Optional<HealthCheck> healthCheck) {
        return new ProbeTarget(new ServerKey(service, serverId), url, healthCheck);
    }

    /** One target per server of {@code service}, each carrying the service's health check. */
    public static Set<ProbeTarget> allOf(LoadBalancerService service) {
        requireNonNull(service, "service");
        return service.servers().stream()
                .map((Server server) -> of(service.name(), server.id(), server.url(), service.healthCheck()))
                .collect(Collectors.toUnmodifiableSet());
    }
}
