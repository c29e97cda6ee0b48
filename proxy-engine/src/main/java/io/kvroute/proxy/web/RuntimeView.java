package io.kvroute.proxy.web;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.layout.ServerId;
import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.model.HttpConfig;
import io.kvroute.kv.model.LoadBalancerService;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.Router;
import io.kvroute.kv.model.Secrets;
import io.kvroute.kv.model.Server;
import io.kvroute.kv.model.Service;
import io.kvroute.kv.model.ServiceWeight;
import io.kvroute.kv.model.Severity;
import io.kvroute.kv.model.WeightedService;
import io.kvroute.proxy.balancer.ServerKey;
import io.kvroute.proxy.balancer.UsabilityView;
import io.kvroute.proxy.health.HealthView;
import io.kvroute.proxy.health.ServerHealth;
import io.kvroute.proxy.http.ChainProblem;
import io.kvroute.proxy.http.ServingSnapshot;
import io.kvroute.proxy.routing.Exclusion;
import io.kvroute.proxy.routing.RouteEntry;
import io.kvroute.proxy.runtime.ProxyRuntime;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One consistent reading of the running proxy for the API and the dashboard: the decoded configuration, the
 * snapshot being served and the health of every server, combined into a status per router, service and middleware
 * and a {@link ServerState} per server, and what each middleware counted. Built per request from immutable parts;
 * never changes the proxy.
 */
final class RuntimeView {
    static final String HELD = "held: its keys are gone from the store while its service remains; still routed for a "
            + "moment in case another agent re-asserts them (the lease of the agent that wrote them last ended)";
    private final String provider;
    private final HttpConfig model;
    private final List<Problem> problems;
    private final ServingSnapshot snapshot;
    private final Set<String> proxyEntryPoints;
    private final SortedMap<String, EntityStatus> routers = new TreeMap<>();
    private final SortedMap<String, EntityStatus> services = new TreeMap<>();
    private final SortedMap<String, EntityStatus> middlewares = new TreeMap<>();
    private final SortedMap<String, List<ServerState>> servers = new TreeMap<>();
    private final SortedMap<String, SortedMap<String, Long>> middlewareEvents;
    private final Map<String, Set<String>> using = new HashMap<>();
    private final Set<String> servicesInUse = new HashSet<>();


    private RuntimeView(ProxyRuntime runtime, Instant now) {
        this.provider = runtime.provider();
        this.snapshot = runtime.snapshot();
        this.model = withHeldRouters(runtime.config().map(c -> c.model()).orElse(HttpConfig.empty()), snapshot);
        this.problems = runtime.problems();
        this.proxyEntryPoints = new TreeSet<>(runtime.settings().entryPoints().keySet());
        this.middlewareEvents = runtime.middlewareEvents().snapshot();
        Map<EntityRef, List<String>> excluded = new HashMap<>();
        for (Exclusion exclusion : snapshot.routing().exclusions()) {
            excluded.put(exclusion.entity(), exclusion.reasons());
        }
        readRouters(excluded);
        readServices(excluded, runtime.health().view(), runtime.usability(), now);
        readMiddlewares(excluded);
    }

    /** The decoded configuration plus the routers still served while their keys are gone. */
    private static HttpConfig withHeldRouters(HttpConfig decoded, ServingSnapshot snapshot) {
        HttpConfig model = decoded;
        for (Router held : snapshot.heldRouters().values()) {
            if (!model.routers().containsKey(held.name())) {
                model = model.withRouter(held);
            }
        }
        return model;
    }

    /** The proxy as it is now (server ids are their key segments, {@code <node>--<instance>} for agents). */
    static RuntimeView of(ProxyRuntime runtime) {
        return new RuntimeView(requireNonNull(runtime, "runtime"), Instant.now());
    }

    String provider() {
        return provider;
    }

    HttpConfig model() {
        return model;
    }

    List<Problem> problems() {
        return problems;
    }

    ServingSnapshot snapshot() {
        return snapshot;
    }

    /** {@code name@provider}, or {@code reference} itself when it already names a provider. */
    String qualified(String reference) {
        return reference.contains("@") ? reference : reference + "@" + provider;
    }

    /** The name a reference stands for in this configuration, or empty when it names another provider. */
    Optional<String> local(String reference) {
        int at = reference.lastIndexOf('@');
        if (at < 0) {
            return Optional.of(reference);
        }
        return reference.substring(at + 1).equals(provider) ? Optional.of(reference.substring(0, at)) : Optional.empty();
    }

    SortedMap<String, EntityStatus> routers() {
        return routers;
    }

    SortedMap<String, EntityStatus> services() {
        return services;
    }

    SortedMap<String, EntityStatus> middlewares() {
        return middlewares;
    }

    /** What the middleware named {@code middleware} counted since the proxy started, by event; empty if nothing. */
    SortedMap<String, Long> middlewareEvents(String middleware) {
        return middlewareEvents.getOrDefault(middleware, new TreeMap<>());
    }

    /** The servers of each load-balanced service, in configuration order. */
    SortedMap<String, List<ServerState>> servers() {
        return servers;
    }

    /** The entry points a router serves on (Traefik's {@code using}). */
    Set<String> using(String router) {
        return using.getOrDefault(router, Set.of());
    }

    /** True if an enabled router sends requests to the service, directly or through weighted services. */
    boolean inUse(String service) {
        return servicesInUse.contains(service);
    }

    private void readRouters(Map<EntityRef, List<String>> excluded) {
        Map<String, RouteEntry> routed = new HashMap<>();
        snapshot.routing().routes().forEach(route -> routed.put(route.name(), route));
        for (Router router : model.routers().values()) {
            String name = router.name();
            List<String> reasons = new ArrayList<>(excluded.getOrDefault(EntityRef.router(name), List.of()));
            List<String> warnings = new ArrayList<>(warnings(EntityRef.router(name)));
            if (snapshot.heldRouters().containsKey(name)) {
                warnings.add(HELD);
            }
            RouteEntry route = routed.get(name);
            for (ChainProblem problem : snapshot.problems()) {
                if (problem.router().equals(name)) {
                    (problem.served() ? warnings : reasons).add(problem.message());
                }
            }
            if (route == null && reasons.isEmpty()) {
                reasons.add("not routed");
            }
            routers.put(name, EntityStatus.of(reasons, warnings, List.of()));
            Set<String> served = new TreeSet<>(route != null ? route.entryPoints() : router.entryPoints());
            served.retainAll(proxyEntryPoints);
            served.removeAll(snapshot.leftOutOn().getOrDefault(name, Set.of()));
            using.put(name, served.isEmpty() && router.entryPoints().isEmpty() ? proxyEntryPoints : served);
            if (route != null && reasons.isEmpty()) {
                local(router.service()).ifPresent(this::markInUse);
            }
        }
    }

    private void markInUse(String service) {
        Deque<String> pending = new ArrayDeque<>(List.of(service));
        while (!pending.isEmpty()) {
            String next = pending.pop();
            if (servicesInUse.add(next) && model.service(next).orElse(null) instanceof WeightedService weighted) {
                for (ServiceWeight child : weighted.services()) {
                    local(child.name()).ifPresent(pending::push);
                }
            }
        }
    }

    private void readServices(Map<EntityRef, List<String>> excluded, HealthView health, UsabilityView usability,
            Instant now) {
        for (Service service : model.services().values()) {
            List<String> usedBy = model.routers().values().stream()
                    .filter(router -> local(router.service()).filter(service.name()::equals).isPresent())
                    .map(router -> qualified(router.name())).toList();
            services.put(service.name(), EntityStatus.of(
                    excluded.getOrDefault(EntityRef.service(service.name()), List.of()),
                    warnings(EntityRef.service(service.name())), usedBy));
            if (service instanceof LoadBalancerService loadBalancer) {
                List<ServerState> states = new ArrayList<>();
                for (Server server : loadBalancer.servers()) {
                    states.add(serverState(service.name(), server, server.id(), health, usability, now));
                }
                servers.put(service.name(), List.copyOf(states));
            }
        }
    }

    private static ServerState serverState(String service, Server server, String keyName, HealthView health,
            UsabilityView usability, Instant now) {
        ServerKey key = new ServerKey(service, server.id());
        Optional<ServerHealth> checked = health.server(key);
        boolean drained = usability.isDrained(key);
        return new ServerState(server.id(), keyName, server.url(), server.effectiveWeight(), owner(keyName),
                checked.map(ServerHealth::state).orElse(io.kvroute.proxy.health.HealthState.UP),
                checked.map(h -> h.isUsable(now)).orElse(true),
                checked.map(ServerHealth::activelyChecked).orElse(false),
                checked.map(ServerHealth::since), checked.flatMap(ServerHealth::lastProbe),
                checked.flatMap(ServerHealth::ejection).filter(e -> e.holdsAt(now)), drained);
    }

    /** The agent node that registered a server, from its id ({@code <node>--<instance>}). */
    static Optional<String> owner(String serverId) {
        try {
            return Optional.of(new ServerId(serverId).node());
        } catch (IllegalArgumentException notAnAgentId) {
            return Optional.empty();
        }
    }

    private void readMiddlewares(Map<EntityRef, List<String>> excluded) {
        for (String name : model.middlewares().keySet()) {
            Set<String> warnings = new LinkedHashSet<>(warnings(EntityRef.middleware(name)));
            snapshot.problems().stream()
                    .filter(problem -> problem.served() && problem.middleware().filter(name::equals).isPresent())
                    .forEach(problem -> warnings.add(problem.message()));
            List<String> usedBy = model.routers().values().stream()
                    .filter(router -> router.middlewares().stream()
                            .anyMatch(ref -> local(ref).filter(name::equals).isPresent()))
                    .map(router -> qualified(router.name())).toList();
            middlewares.put(name, EntityStatus.of(excluded.getOrDefault(EntityRef.middleware(name), List.of()),
                    List.copyOf(warnings), usedBy));
        }
    }

    private List<String> warnings(EntityRef entity) {
        return problems.stream()
                .filter(p -> p.severity() == Severity.WARNING && p.entity().filter(entity::equals).isPresent())
                .map(Secrets::redact).map(p -> p.key() + ": " + p.reason()).toList();
    }
}
