package io.kvroute.proxy.routing;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.model.HttpConfig;
import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.Router;
import io.kvroute.kv.rule.RuleParser;
import io.kvroute.kv.rule.RuleSyntaxException;
import io.kvroute.proxy.balancer.BalancerRegistry;
import io.kvroute.proxy.balancer.UsabilityView;
import io.kvroute.proxy.balancer.ServiceBalancer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Builds a {@link RoutingSnapshot} from a decoded configuration; pure apart from reading the previous snapshot to
 * carry over the balancers of unchanged services and the compiled rules of unchanged rule texts. Entities named by ERROR problems are excluded with those problems as reasons;
 * routers are also excluded when their service (through weighted services) or a middleware is unusable, when none
 * of their entry points is served here, when the TLS options they are served with cannot be (unknown, broken, or
 * asking what the JDK cannot do), or when their rule does not compile. As in Traefik, a TLS entry point's
 * {@code http.tls} makes every router on it a TLS router (its own {@code tls} settings win), and an entry point
 * without it serves routers with {@code tls} on its TLS connections and routers without on its plain ones
 * ({@link RouteEntry#tls()} names where a route is a TLS route; a router with {@code tls} is never served on plain
 * HTTP). Routes are ordered by
 * {@link Router#effectivePriority()}, highest first, ties by router name.
 *
 * <pre>{@code
 * SnapshotBuilder builder = new SnapshotBuilder(Set.of("web"), usabilityBoard, Clock.systemUTC());
 * current.set(builder.build(decoded, new ConfigVersion(kv.revision(), Instant.now()), current.get()));
 * }</pre>
 */
public final class SnapshotBuilder {
    /** Routing order: effective priority descending, then router name ascending. */
    static final Comparator<RouteEntry> ROUTE_ORDER = Comparator.comparingInt(RouteEntry::priority).reversed()
            .thenComparing(RouteEntry::name);

    private final Set<String> entryPoints;
    private final Map<String, RouterTls> tlsEntryPoints;
    private final UsabilityView usability;
    private final Clock clock;

    /**
     * @param entryPoints the entry point names this proxy serves (at least one)
     * @param usability the live usability view (health and drains) every balancer consults on each pick
     * @param clock the clock that decides when passive ejections end
     */
    public SnapshotBuilder(Set<String> entryPoints, UsabilityView usability, Clock clock) {
        this(entryPoints, Map.of(), usability, clock);
    }

    /**
     * @param tlsEntryPoints the TLS entry points among {@code entryPoints}, with the TLS settings their
     *                       {@code http.tls} gives routers that set none
     */
    public SnapshotBuilder(Set<String> entryPoints, Map<String, RouterTls> tlsEntryPoints, UsabilityView usability,
            Clock clock) {
        this.entryPoints = Set.copyOf(requireNonNull(entryPoints, "entryPoints"));
        this.tlsEntryPoints = Map.copyOf(requireNonNull(tlsEntryPoints, "tlsEntryPoints"));
        if (!this.entryPoints.containsAll(this.tlsEntryPoints.keySet())) {
            throw new IllegalArgumentException("tlsEntryPoints: " + this.tlsEntryPoints.keySet() + " (expected: "
                    + "some of the entry points " + this.entryPoints + ")");
        }
        if (this.entryPoints.isEmpty()) {
            throw new IllegalArgumentException("entryPoints: [] (expected: at least one entry point name)");
        }
        this.usability = requireNonNull(usability, "usability");
        this.clock = requireNonNull(clock, "clock");
    }

    /** The snapshot of {@code config}, one generation after {@code previous}, reusing its unchanged balancers. */
    public RoutingSnapshot build(DecodedConfig config, ConfigVersion version, RoutingSnapshot previous) {
        return build(config, version, previous, options -> Optional.empty());
    }

    /**
     * The snapshot of {@code config}, one generation after {@code previous}, reusing its unchanged balancers.
     *
     * @param tlsOptionsRefusal why the TLS options of a name cannot be served, if they cannot
     */
    public RoutingSnapshot build(DecodedConfig config, ConfigVersion version, RoutingSnapshot previous,
            Function<String, Optional<String>> tlsOptionsRefusal) {
        requireNonNull(config, "config");
        requireNonNull(tlsOptionsRefusal, "tlsOptionsRefusal");
        requireNonNull(version, "version");
        requireNonNull(previous, "previous");
        HttpConfig model = config.model();
        Map<EntityRef, List<String>> errors = errorsByEntity(config.problems());
        BalancerRegistry.Builder registry = BalancerRegistry.builder(previous.balancers(), usability, clock);
        ServiceResolver services = new ServiceResolver(model, errors, registry, previous);
        Map<String, CompiledRule> compiled = new HashMap<>();
        previous.routes().forEach(route -> compiled.put(ruleKey(route.match().router()), route.rule()));
        SortedMap<String, List<String>> serviceFailures = services.failures();

        SortedMap<String, Middleware> middlewares = new TreeMap<>();
        List<Exclusion> middlewareExclusions = new ArrayList<>();
        for (Middleware middleware : model.middlewares().values()) {
            List<String> reasons = errors.getOrDefault(EntityRef.middleware(middleware.name()), List.of());
            if (reasons.isEmpty()) {
                middlewares.put(middleware.name(), middleware);
            } else {
                middlewareExclusions.add(new Exclusion(EntityRef.middleware(middleware.name()), reasons));
            }
        }

        List<RouteEntry> routes = new ArrayList<>();
        List<Exclusion> exclusions = new ArrayList<>();
        for (Router router : model.routers().values()) {
            List<String> reasons = new ArrayList<>(errors.getOrDefault(EntityRef.router(router.name()), List.of()));
            if (reasons.isEmpty()) {
                route(router, services, middlewares, model, compiled, tlsOptionsRefusal, reasons)
                        .ifPresent(routes::add);
            }
            if (!reasons.isEmpty()) {
                exclusions.add(new Exclusion(EntityRef.router(router.name()), reasons));
            }
        }
        routes.sort(ROUTE_ORDER);
        serviceFailures.forEach((name, reasons) -> exclusions.add(new Exclusion(EntityRef.service(name), reasons)));
        exclusions.addAll(middlewareExclusions);
        return new RoutingSnapshot(previous.generation() + 1, version, entryPoints, routes, exclusions,
                registry.build(), middlewares, services.balancedServices());
    }

    private Optional<RouteEntry> route(Router router, ServiceResolver services, Map<String, Middleware> middlewares,
            HttpConfig model, Map<String, CompiledRule> compiled, Function<String, Optional<String>> optionsRefusal,
            List<String> reasons) {
        Optional<ServiceBalancer> balancer = balancer(router, services, model, reasons);
        List<Middleware> chain = new ArrayList<>();
        for (String text : router.middlewares()) {
            Reference reference = Reference.parse(text);
            Optional<String> foreign = reference.foreignReason("middleware");
            Middleware middleware = middlewares.get(reference.name());
            if (foreign.isPresent()) {
                reasons.add(foreign.get());
            } else if (middleware != null) {
                chain.add(middleware);
            } else {
                reasons.add(model.middlewares().containsKey(reference.name())
                        ? "middleware " + reference.name() + " is excluded" : "middleware " + text + " does not exist");
            }
        }
        Set<String> served = new TreeSet<>(router.entryPoints());
        served.retainAll(entryPoints);
        if (!router.entryPoints().isEmpty() && served.isEmpty()) {
            reasons.add("entryPoints " + router.entryPoints() + " are not served by this proxy (it serves "
                    + new TreeSet<>(entryPoints) + ")");
        }
        Optional<RouterTls> own = router.tls().map(RouterTls::of);
        Set<String> candidates = router.entryPoints().isEmpty() ? entryPoints : served;
        Set<String> servedOn = new TreeSet<>();
        Map<String, RouterTls> tls = new TreeMap<>();
        for (String entryPoint : candidates) {
            RouterTls entryPointTls = tlsEntryPoints.get(entryPoint);
            if (entryPointTls != null) {
                tls.put(entryPoint, own.map(t -> t.orElse(entryPointTls)).orElse(entryPointTls));
            } else {
                own.ifPresent(t -> tls.put(entryPoint, t));
            }
            servedOn.add(entryPoint);
        }
        new TreeSet<>(tls.values().stream().map(RouterTls::optionsName).toList())
                .forEach(options -> optionsRefusal.apply(options).ifPresent(why -> reasons.add("tls.options: " + why)));
        Optional<CompiledRule> rule = Optional.ofNullable(compiled.get(ruleKey(router)))
                .or(() -> compile(router, reasons));
        if (!reasons.isEmpty()) {
            return Optional.empty();
        }
        RouteMatch match = new RouteMatch(router, balancer.orElseThrow(), chain, rule.orElseThrow().rewrites());
        return Optional.of(new RouteEntry(router.effectivePriority(), servedOn, rule.get(), match, tls));
    }

    private static Optional<ServiceBalancer> balancer(Router router, ServiceResolver services, HttpConfig model,
            List<String> reasons) {
        Reference reference = Reference.parse(router.service());
        Optional<String> foreign = reference.foreignReason("service");
        if (foreign.isPresent()) {
            reasons.add(foreign.get());
            return Optional.empty();
        }
        ServiceResolver.Resolution resolution = services.resolve(reference.name());
        if (resolution.balancer().isEmpty()) {
            reasons.add(model.services().containsKey(reference.name())
                    ? "service " + reference.name() + " is unusable: " + resolution.reasons().get(0)
                    : resolution.reasons().get(0));
        }
        return resolution.balancer();
    }

    private static Optional<CompiledRule> compile(Router router, List<String> reasons) {
        try {
            return Optional.of(RuleCompiler.compile(RuleParser.parse(router.rule(), router.syntax())));
        } catch (RuleSyntaxException | IllegalArgumentException e) {
            reasons.add("rule: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** What a compiled rule depends on: the rule's text and syntax (the previous snapshot's rules are reused by it). */
    private static String ruleKey(Router router) {
        return router.syntax() + " " + router.rule();
    }

    private static Map<EntityRef, List<String>> errorsByEntity(List<Problem> problems) {
        Map<EntityRef, List<String>> errors = new LinkedHashMap<>();
        for (Problem problem : problems) {
            if (problem.isError() && problem.entity().isPresent()) {
                errors.computeIfAbsent(problem.entity().get(), entity -> new ArrayList<>())
                        .add(problem.key() + ": " + problem.reason());
            }
        }
        return errors;
    }
}
