package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A load balancer over servers ({@code http/services/<name>/loadBalancer}). {@code strategy} is kept as text so an
 * unknown one stays visible (the mappers report it); {@code extras} keeps Traefik fields the model does not type
 * (e.g. {@code passiveHealthCheck}) so they round trip. Server ids are unique ignoring case, as in Traefik.
 */
public record LoadBalancerService(
        String name,
        List<Server> servers,
        boolean passHostHeader,
        Optional<HealthCheck> healthCheck,
        Optional<StickyCookie> sticky,
        String strategy,
        Duration flushInterval,
        Optional<String> serversTransport,
        RawSettings extras) implements Service {
    public static final String TYPE = "loadBalancer";
    public static final String DEFAULT_STRATEGY = "wrr";
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(100);

    public LoadBalancerService {
        Names.check("name", name);
        servers = ImmutableList.copyOf(requireNonNull(servers, "servers"));
        requireNonNull(healthCheck, "healthCheck");
        requireNonNull(sticky, "sticky");
        requireNonNull(strategy, "strategy");
        requireNonNull(flushInterval, "flushInterval");
        requireNonNull(serversTransport, "serversTransport");
        requireNonNull(extras, "extras");
        Set<String> ids = new HashSet<>();
        for (Server server : servers) {
            if (!ids.add(server.id().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(
                        "servers: duplicate id \"" + server.id() + "\" in service " + name + " (expected: unique ids)");
            }
        }
    }

    /** A service over {@code servers} with Traefik's defaults: pass host header, wrr, flush every 100ms. */
    public static LoadBalancerService of(String name, List<Server> servers) {
        return new LoadBalancerService(name, servers, true, Optional.empty(), Optional.empty(), DEFAULT_STRATEGY,
                DEFAULT_FLUSH_INTERVAL, Optional.empty(), RawSettings.empty());
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** The server with this id, if any. */
    public Optional<Server> server(String id) {
        return servers.stream().filter(server -> server.id().equals(id)).findFirst();
    }

    public LoadBalancerService withServers(List<Server> newServers) {
        return new LoadBalancerService(name, newServers, passHostHeader, healthCheck, sticky, strategy, flushInterval,
                serversTransport, extras);
    }

    public LoadBalancerService withPassHostHeader(boolean newPassHostHeader) {
        return new LoadBalancerService(name, servers, newPassHostHeader, healthCheck, sticky, strategy, flushInterval,
                serversTransport, extras);
    }

    public LoadBalancerService withHealthCheck(Optional<HealthCheck> newHealthCheck) {
        return new LoadBalancerService(name, servers, passHostHeader, newHealthCheck, sticky, strategy, flushInterval,
                serversTransport, extras);
    }

    public LoadBalancerService withSticky(Optional<StickyCookie> newSticky) {
        return new LoadBalancerService(name, servers, passHostHeader, healthCheck, newSticky, strategy, flushInterval,
                serversTransport, extras);
    }

    public LoadBalancerService withStrategy(String newStrategy) {
        return new LoadBalancerService(name, servers, passHostHeader, healthCheck, sticky, newStrategy, flushInterval,
                serversTransport, extras);
    }
}
