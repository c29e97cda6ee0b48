package io.kvroute.proxy.metrics;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.LoadBalancerService;
import io.kvroute.kv.model.Secrets;
import io.kvroute.kv.model.Service;
import io.kvroute.proxy.balancer.BalancedServer;
import io.kvroute.proxy.balancer.ServerKey;
import io.kvroute.proxy.health.HealthState;
import io.kvroute.proxy.health.HealthView;
import io.kvroute.proxy.http.RoutedRequest;
import io.kvroute.proxy.routing.RouteMatch;
import io.kvroute.proxy.routing.RoutingSnapshot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.undertow.server.HttpServerExchange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Traefik's Prometheus metrics under Traefik's names, labels and label values, so that dashboards made for Traefik
 * (Grafana's community Traefik dashboards) read kvroute unchanged:
 * <ul>
 *   <li>{@code traefik_entrypoint_requests_total{code,method,protocol,entrypoint}}, the histogram
 *       {@code traefik_entrypoint_request_duration_seconds} (Traefik's default buckets 0.1, 0.3, 1.2, 5),
 *       {@code traefik_entrypoint_requests_bytes_total} and {@code traefik_entrypoint_responses_bytes_total}: every
 *       request an entry point answered, routed or not;</li>
 *   <li>the same four as {@code traefik_router_*{code,method,protocol,router,service}}: every request a router
 *       matched;</li>
 *   <li>the same four as {@code traefik_service_*{code,method,protocol,service}}: every request that reached a
 *       load-balanced service (a server was picked, or none was usable), by that service (a weighted service's
 *       child);</li>
 *   <li>{@code traefik_service_server_up{service,url}}: 1 or 0 for each server of a service with a health check (as
 *       Traefik, by the active checks' verdict; a server not yet probed counts as up);</li>
 *   <li>{@code traefik_config_reloads_total} and {@code traefik_config_last_reload_success} (Unix seconds of the
 *       last configuration applied);</li>
 *   <li>{@code traefik_open_connections{entrypoint,protocol="TCP"}}.</li>
 * </ul>
 * Router and service names carry their provider as in Traefik's labels ({@code whoami@etcd}); a server's URL has its
 * credentials hidden. Label values come from bounded sets (Traefik's methods, protocols, status codes), and the meters
 * of routers and services that left the configuration are removed at the next reload, as Traefik prunes them.
 *
 * <p>Cost per request: two header reads for the protocol, a switch on the method, one map look-up by router name and
 * one by service name (strings whose hashes are cached), then array indexes; meters are registered once per label set.
 */
public final class TraefikMetrics {
    private final MeterRegistry registry;
    private final String providerSuffix;
    private final Supplier<HealthView> health;
    private final Map<String, RouterMeters> routers = new ConcurrentHashMap<>();
    private final Map<String, LabelledMeters> services = new ConcurrentHashMap<>();
    /**
     * Routers and services whose meters a request made since the last {@link #reloaded}: a request still in flight on
     * an older snapshot may make them for one that is gone, so the next reload checks them too.
     */
    private final Set<String> routersMade = ConcurrentHashMap.newKeySet();
    private final Set<String> servicesMade = ConcurrentHashMap.newKeySet();
    private final Counter reloads;
    private final AtomicLong lastReload = new AtomicLong();
    private final MultiGauge serversUp;
    /** The snapshot {@link #reloaded} was told of last: what the next one is compared with. */
    private RoutingSnapshot reloadedBefore = RoutingSnapshot.empty();

    /** A router's meters with the service they were made for (a router whose service changed gets new ones). */
    private record RouterMeters(String service, LabelledMeters meters) {
    }

    /** The meters of one entry point; its requests are recorded with {@link #record}. */
    public static final class EntryPoint {
        private final LabelledMeters meters;

        private EntryPoint(LabelledMeters meters) {
            this.meters = meters;
        }
    }

    /**
     * @param provider the provider Traefik would name the configuration's ({@code etcd}, {@code consul}), appended
     *                 to router and service names as {@code @provider}
     * @param health   the health checker's current view, read when {@code traefik_service_server_up} is scraped
     */
    public TraefikMetrics(MeterRegistry registry, String provider, Supplier<HealthView> health) {
        this.registry = requireNonNull(registry, "registry");
        this.providerSuffix = "@" + requireNonNull(provider, "provider");
        this.health = requireNonNull(health, "health");
        this.reloads = Counter.builder("traefik.config.reloads").description("Config reloads").register(registry);
        Gauge.builder("traefik.config.last.reload.success", lastReload::get)
                .description("Last config reload success").register(registry);
        this.serversUp = MultiGauge.builder("traefik.service.server.up")
                .description("service server is up, described by gauge value of 0 or 1.").register(registry);
    }

    /** The meters of entry point {@code name}. */
    public EntryPoint entryPoint(String name) {
        return new EntryPoint(new LabelledMeters(registry, RequestFamily.ENTRYPOINT, Tags.of("entrypoint", name)));
    }

    /** Shows {@code open} (read when scraped) as {@code traefik_open_connections} of entry point {@code name}. */
    public void openConnections(String name, IntSupplier open) {
        Gauge.builder("traefik.open.connections", open::getAsInt)
                .description("How many open connections exist, by entryPoint and protocol")
                .tags("entrypoint", name, "protocol", "TCP").register(registry);
    }

    /**
     * Records a completed exchange of {@code entryPoint} that took {@code nanos}: on the entry point, on the router
     * that matched it if any, and on the service it reached if any.
     */
    public void record(EntryPoint entryPoint, HttpServerExchange exchange, long nanos) {
        int method = RequestKind.method(exchange);
        int protocol = RequestKind.protocol(exchange);
        int code = exchange.getStatusCode();
        long requestBytes = Math.max(0, exchange.getRequestContentLength());
        long responseBytes = exchange.getResponseBytesSent();
        entryPoint.meters.at(method, protocol, code).record(nanos, requestBytes, responseBytes);
        RoutedRequest routed = RoutedRequest.of(exchange);
        if (routed == null) {
            return;
        }
        RouteMatch match = routed.match();
        String service = match.balancer().service();
        RouterMeters router = routers.get(match.routerName());
        if (router == null || !router.service().equals(service)) {
            router = new RouterMeters(service, new LabelledMeters(registry, RequestFamily.ROUTER,
                    Tags.of("router", qualified(match.routerName()), "service", qualified(service))));
            routers.put(match.routerName(), router);
            routersMade.add(match.routerName());
        }
        router.meters().at(method, protocol, code).record(nanos, requestBytes, responseBytes);
        BalancedServer server = routed.server();
        if (server == null && !routed.balanced()) {
            return;
        }
        String reached = server == null ? service : server.key().service();
        LabelledMeters serviceMeters = services.get(reached);
        if (serviceMeters == null) {
            serviceMeters = services.computeIfAbsent(reached, name -> {
                servicesMade.add(name);
                return new LabelledMeters(registry, RequestFamily.SERVICE, Tags.of("service", qualified(name)));
            });
        }
        serviceMeters.at(method, protocol, code).record(nanos, requestBytes, responseBytes);
    }

    /**
     * A new configuration is served ({@code snapshot}, applied at {@code now}): counts the reload, drops the meters
     * of routers and services it no longer has, and shows the servers of its health-checked services. What it looks
     * at follows the change: the routers {@code snapshot} redid relative to the one reloaded before (all routers with
     * meters when it was built from nothing), all services when the balanced ones changed, and in any case the
     * routers and services whose meters requests made since the last reload (one in flight on an older snapshot may
     * have made them for one that is gone); the servers are shown again only when a health-checked service changed.
     * Called by one thread at a time (the configuration pipeline's).
     */
    public void reloaded(RoutingSnapshot snapshot, Instant now) {
        reloads.increment();
        lastReload.set(now.getEpochSecond());
        RoutingSnapshot before = reloadedBefore;
        reloadedBefore = snapshot;
        Optional<Set<String>> redone = snapshot.routersChangedSince(before);
        Set<String> routersToCheck = new HashSet<>(redone.isPresent() ? redone.get() : routers.keySet());
        routersToCheck.addAll(taken(routersMade));
        for (String name : routersToCheck) {
            if (snapshot.routeOf(name).isEmpty()) {
                RouterMeters gone = routers.remove(name);
                if (gone != null) {
                    gone.meters().remove();
                }
            }
        }
        Map<String, Service> balanced = snapshot.balancedServices();
        Map<String, Service> balancedBefore = before.balancedServices();
        Set<String> servicesMadeSince = taken(servicesMade);
        Collection<String> servicesToCheck = balanced != balancedBefore ? List.copyOf(services.keySet())
                : servicesMadeSince;
        for (String name : servicesToCheck) {
            if (!balanced.containsKey(name)) {
                LabelledMeters gone = services.remove(name);
                if (gone != null) {
                    gone.remove();
                }
            }
        }
        if (balanced != balancedBefore && healthCheckedChanged(balancedBefore, balanced)) {
            showServersUp(snapshot);
        }
    }

    /** The names in {@code made}, taken out of it (a name added meanwhile stays for the next reload). */
    private static Set<String> taken(Set<String> made) {
        Set<String> names = new HashSet<>();
        for (String name : made) {
            if (made.remove(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /** Whether a service with a health check was added, removed or replaced between the two. */
    private static boolean healthCheckedChanged(Map<String, Service> before, Map<String, Service> after) {
        for (Map.Entry<String, Service> service : after.entrySet()) {
            Service was = before.get(service.getKey());
            if (was != service.getValue() && (healthChecked(was) || healthChecked(service.getValue()))) {
                return true;
            }
        }
        return before.entrySet().stream()
                .anyMatch(service -> !after.containsKey(service.getKey()) && healthChecked(service.getValue()));
    }

    private static boolean healthChecked(Service service) {
        return service instanceof LoadBalancerService lb && lb.healthCheck().isPresent();
    }

    /** {@code traefik_service_server_up}: one row per server of each health-checked service of the snapshot. */
    private void showServersUp(RoutingSnapshot snapshot) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        snapshot.balancedServices().forEach((name, service) -> {
            if (healthChecked(service)) {
                snapshot.balancers().balancer(name).ifPresent(balancer -> balancer.servers().forEach(server ->
                        rows.add(MultiGauge.Row.of(Tags.of("service", qualified(name), "url",
                                Secrets.hideUrlCredentials(server.url())), () -> up(server.key())))));
            }
        });
        serversUp.register(rows, true);
    }

    private double up(ServerKey key) {
        return health.get().server(key).map(server -> server.probeState() == HealthState.DOWN ? 0.0 : 1.0)
                .orElse(1.0);
    }

    private String qualified(String name) {
        return name.contains("@") ? name : name + providerSuffix;
    }
}
