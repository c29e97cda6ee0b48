package io.kvroute.proxy.routing;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.Sets;
import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.kv.layout.keys.DynamicKeys;
import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.model.HttpConfig;
import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.Router;
import io.kvroute.kv.model.Service;
import io.kvroute.kv.rule.RuleParser;
import io.kvroute.kv.rule.RuleSyntaxException;
import io.kvroute.proxy.balancer.BalancerRegistry;
import io.kvroute.proxy.balancer.ServerBalancer;
import io.kvroute.proxy.balancer.ServiceBalancer;
import io.kvroute.proxy.balancer.UsabilityView;
import io.kvroute.proxy.upstream.FileDigests;
import io.kvroute.proxy.upstream.ServerTls;
import io.kvroute.proxy.upstream.ServerTlsSettings;
import io.kvroute.proxy.upstream.UpstreamTransport;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
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
 * routers are also excluded when their service (through weighted services) or a middleware is unusable (a
 * {@code chain} is expanded into its members, recursively: {@link MiddlewareResolution}), when none
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
    /**
     * Why a router without {@code entryPoints} is left out of a proxy whose entry points are all UDP: Traefik's
     * "no valid entryPoint" error, as there is no TCP entry point to default to.
     */
    public static final String NO_TCP_ENTRY_POINT = "no valid entryPoint for this router (the proxy has no TCP entry "
            + "point, only UDP ones)";

    /** The TLS options refusal of a build that has no TLS options to refuse. */
    private static final Function<String, Optional<String>> NO_TLS_OPTIONS = options -> Optional.empty();

    private final String provider;
    private final DynamicKeys keys;
    private final Set<String> entryPoints;
    private final Map<String, RouterTls> tlsEntryPoints;
    private final UsabilityView usability;
    private final Clock clock;

    /**
     * A builder for configurations of the {@code etcd} provider.
     *
     * @param entryPoints the (TCP) entry point names this proxy serves; none when all its entry points are UDP
     * @param usability the live usability view (health and drains) every balancer consults on each pick
     * @param clock the clock that decides when passive ejections end
     */
    public SnapshotBuilder(Set<String> entryPoints, UsabilityView usability, Clock clock) {
        this("etcd", DynamicKeys.under("traefik"), entryPoints, Map.of(), usability, clock);
    }

    /**
     * @param provider       the provider of the configurations built ({@code etcd}, {@code consul}, ...), as Traefik
     *                       qualifies names with it (sticky cookies without a name)
     * @param keys           the keys of the root the configurations are read from, for the keys reasons name
     * @param tlsEntryPoints the TLS entry points among {@code entryPoints}, with the TLS settings their
     *                       {@code http.tls} gives routers that set none
     */
    public SnapshotBuilder(String provider, DynamicKeys keys, Set<String> entryPoints,
            Map<String, RouterTls> tlsEntryPoints, UsabilityView usability, Clock clock) {
        this.provider = requireNonNull(provider, "provider");
        this.keys = requireNonNull(keys, "keys");
        this.entryPoints = Set.copyOf(requireNonNull(entryPoints, "entryPoints"));
        this.tlsEntryPoints = Map.copyOf(requireNonNull(tlsEntryPoints, "tlsEntryPoints"));
        if (!this.entryPoints.containsAll(this.tlsEntryPoints.keySet())) {
            throw new IllegalArgumentException("tlsEntryPoints: " + this.tlsEntryPoints.keySet() + " (expected: "
                    + "some of the entry points " + this.entryPoints + ")");
        }
        this.usability = requireNonNull(usability, "usability");
        this.clock = requireNonNull(clock, "clock");
    }

    /**
     * The snapshot of {@code config}, one generation after {@code previous}, reusing its unchanged balancers. When
     * {@code previous} was built by this builder, only what changed is worked out again: the services whose instance
     * or errors changed (and the weighted ones), the middlewares if any changed, and the routers whose instance or
     * errors changed or whose service resolves or middlewares stand otherwise; every other router keeps its route.
     */
    public RoutingSnapshot build(DecodedConfig config, ConfigVersion version, RoutingSnapshot previous) {
        return build(config, version, previous, NO_TLS_OPTIONS);
    }

    /**
     * The snapshot of {@code config} as {@link #build(DecodedConfig, ConfigVersion, RoutingSnapshot)} makes it, with
     * the routers whose TLS options cannot be served left out. Only what changed is worked out again when
     * {@code tlsOptionsRefusal} is the same instance as the previous build's: pass a new one when the TLS options
     * changed.
     *
     * @param tlsOptionsRefusal why the TLS options of a name cannot be served, if they cannot
     */
    public RoutingSnapshot build(DecodedConfig config, ConfigVersion version, RoutingSnapshot previous,
            Function<String, Optional<String>> tlsOptionsRefusal) {
        requireNonNull(config, "config");
        requireNonNull(version, "version");
        requireNonNull(previous, "previous");
        requireNonNull(tlsOptionsRefusal, "tlsOptionsRefusal");
        HttpConfig model = config.model();
        Map<EntityRef, List<String>> errors = Problem.errorsByEntity(config.problems());
        BuildMemo memo = previous.memo().builder() == this && previous.memo().tlsOptions() == tlsOptionsRefusal
                ? previous.memo() : BuildMemo.NONE;
        boolean incremental = memo != BuildMemo.NONE;
        Map<ServerTlsSettings, ServerTls> keptTls = tlsStillAsRead(previous);
        Set<String> changedServices = BuildMemo.changed(memo.model().services(), model.services(),
                EntityRef.Kind.SERVICE, memo.errors(), errors);
        if (incremental) {
            changedServices = withFailedBefore(withRenewedTls(changedServices, previous, keptTls), memo, model);
        }
        Set<String> changedMiddlewares = BuildMemo.changed(memo.model().middlewares(), model.middlewares(),
                EntityRef.Kind.MIDDLEWARE, memo.errors(), errors);
        Set<String> changedRouters = BuildMemo.changed(memo.model().routers(), model.routers(),
                EntityRef.Kind.ROUTER, memo.errors(), errors);
        boolean sameTransports = incremental && model.serversTransports().equals(memo.model().serversTransports());

        Function<String, ServiceResolver.Resolution> services;
        Map<String, ServiceResolver.Resolution> resolutions;
        BalancerRegistry balancers;
        Map<String, Service> balancedServices;
        List<Exclusion> serviceExclusions = new ArrayList<>();
        boolean sameServices = sameTransports && changedServices.isEmpty();
        if (sameServices) {
            resolutions = memo.resolutions();
            services = name -> {
                ServiceResolver.Resolution known = resolutions.get(name);
                return known != null ? known : ServiceResolver.Resolution.missing(name);
            };
            balancers = previous.balancers();
            balancedServices = previous.balancedServices();
            previous.exclusions().stream().filter(e -> e.entity().kind() == EntityRef.Kind.SERVICE)
                    .forEach(serviceExclusions::add);
        } else {
            BalancerRegistry.Builder registry = BalancerRegistry.builder(previous.balancers(), usability, clock);
            ServiceResolver resolver = new ServiceResolver(model, provider, errors, registry, previous,
                    sameTransports ? memo.resolutions() : Map.of(), changedServices, keptTls);
            resolver.failures().forEach((name, reasons) ->
                    serviceExclusions.add(new Exclusion(EntityRef.service(name), reasons)));
            resolutions = resolver.resolutions();
            services = resolver::resolve;
            balancers = registry.build();
            balancedServices = resolver.balancedServices();
        }

        SortedMap<String, Middleware> middlewares;
        List<Exclusion> middlewareExclusions = new ArrayList<>();
        if (incremental && changedMiddlewares.isEmpty()) {
            middlewares = previous.middlewares();
            previous.exclusions().stream().filter(e -> e.entity().kind() == EntityRef.Kind.MIDDLEWARE)
                    .forEach(middlewareExclusions::add);
        } else if (!namesAny(errors, EntityRef.Kind.MIDDLEWARE)) {
            middlewares = model.middlewares();
        } else {
            middlewares = new TreeMap<>();
            for (Middleware middleware : model.middlewares().values()) {
                List<String> reasons = errors.getOrDefault(EntityRef.middleware(middleware.name()), List.of());
                if (reasons.isEmpty()) {
                    middlewares.put(middleware.name(), middleware);
                } else {
                    middlewareExclusions.add(new Exclusion(EntityRef.middleware(middleware.name()), reasons));
                }
            }
        }

        Map<String, CompiledRule> compiled = new HashMap<>();
        if (!incremental) {
            previous.routes().forEach(route -> compiled.put(ruleKey(route.match().router()), route.rule()));
        }
        RouterOutcomes outcomes = memo.routers();
        Set<String> redone = new HashSet<>(changedRouters);
        if (!(incremental && sameServices && changedMiddlewares.isEmpty())) {
            for (Router router : model.routers().values()) {
                BuildMemo.RouterOutcome old = outcomes.get(router.name());
                if (old != null && !stillHolds(old, changedMiddlewares, services)) {
                    redone.add(router.name());
                }
            }
        }
        Set<RouteEntry> dropped = Sets.newIdentityHashSet();
        List<RouteEntry> added = new ArrayList<>();
        List<Exclusion> exclusions = new ArrayList<>();
        Map<String, BuildMemo.RouterOutcome> redoneOutcomes = new HashMap<>();
        for (String name : redone) {
            BuildMemo.RouterOutcome old = outcomes.get(name);
            if (old != null) {
                old.route().ifPresent(dropped::add);
            }
            Router router = model.routers().get(name);
            BuildMemo.RouterOutcome outcome = null;
            if (router != null) {
                outcome = outcome(router, errors, services, middlewares, model, compiled, old, tlsOptionsRefusal);
                outcome.route().ifPresent(added::add);
                if (!outcome.reasons().isEmpty()) {
                    exclusions.add(new Exclusion(EntityRef.router(name), outcome.reasons()));
                }
            }
            redoneOutcomes.put(name, outcome);
        }
        if (incremental) {
            previous.exclusions().stream().filter(e -> e.entity().kind() == EntityRef.Kind.ROUTER)
                    .filter(e -> !redone.contains(e.entity().name())).forEach(exclusions::add);
        }
        exclusions.sort(Comparator.comparing(exclusion -> exclusion.entity().name()));
        exclusions.addAll(serviceExclusions);
        exclusions.addAll(middlewareExclusions);
        added.sort(RouteOrder.ORDER);
        return new RoutingSnapshot(previous.generation() + 1, version, entryPoints,
                RouteOrder.splice(incremental ? previous.routes() : List.of(), dropped, added),
                incremental ? previous : null, dropped, added, exclusions, balancers,
                middlewares, balancedServices, new BuildMemo(this, tlsOptionsRefusal, model, errors, resolutions,
                        outcomes.with(redoneOutcomes), new Object(),
                        incremental ? memo.token() : null, redone));
    }

    /**
     * The TLS of {@code previous}'s servers transports whose files (by path: {@code rootCAs}, {@code certFile},
     * {@code keyFile}) still hold what was read, by settings, for this build to keep instead of compiling them again;
     * a certificate or CA renewed in place, under the same path, is read again, as the entry points' certificates are
     * on each change. Each file is read once, however many transports name it.
     */
    private static Map<ServerTlsSettings, ServerTls> tlsStillAsRead(RoutingSnapshot previous) {
        FileDigests files = new FileDigests();
        Map<ServerTlsSettings, ServerTls> kept = new HashMap<>();
        for (ServiceBalancer balancer : previous.balancers().balancers().values()) {
            ServerTls tls = transportTls(balancer);
            if (tls != null && files.stillAsRead(tls)) {
                kept.put(tls.settings(), tls);
            }
        }
        return kept;
    }

    /**
     * {@code changed} and the load-balanced services of {@code previous} whose servers transport's TLS is not kept
     * ({@code keptTls}: its files changed in place): they are resolved again, their transport compiled again.
     */
    private static Set<String> withRenewedTls(Set<String> changed, RoutingSnapshot previous,
            Map<ServerTlsSettings, ServerTls> keptTls) {
        Set<String> renewed = new HashSet<>();
        for (ServiceBalancer balancer : previous.balancers().balancers().values()) {
            ServerTls tls = transportTls(balancer);
            if (tls != null && !tls.equals(keptTls.get(tls.settings()))) {
                renewed.add(balancer.service());
            }
        }
        return renewed.isEmpty() ? changed : Sets.union(changed, renewed);
    }

    /** The TLS of the servers transport {@code balancer} is on; null when it is not a server balancer or names none. */
    private static ServerTls transportTls(ServiceBalancer balancer) {
        return balancer instanceof ServerBalancer servers
                ? servers.spec().transport().map(UpstreamTransport::tls).orElse(null) : null;
    }

    /** Whether an entity of {@code kind} has ERROR problems. */
    private static boolean namesAny(Map<EntityRef, List<String>> errors, EntityRef.Kind kind) {
        for (EntityRef entity : errors.keySet()) {
            if (entity.kind() == kind) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code changed} and the services of {@code model} that the last build could not resolve: what failed may be
     * outside the store (a servers transport's file missing or caught mid-write, now complete), so they are tried
     * again on every change, as Traefik builds every service on every change.
     */
    private static Set<String> withFailedBefore(Set<String> changed, BuildMemo memo, HttpConfig model) {
        Set<String> failed = new HashSet<>();
        memo.resolutions().forEach((service, resolution) -> {
            if (resolution.balancer().isEmpty() && model.services().containsKey(service)) {
                failed.add(service);
            }
        });
        return failed.isEmpty() ? changed : Sets.union(changed, failed);
    }

    /**
     * Whether a router's outcome still holds: the middlewares its resolution read (chains and their members included)
     * are unchanged, its service resolves the same.
     */
    private static boolean stillHolds(BuildMemo.RouterOutcome old, Set<String> changedMiddlewares,
            Function<String, ServiceResolver.Resolution> services) {
        if (!changedMiddlewares.isEmpty()) {
            for (String middleware : old.middlewares()) {
                if (changedMiddlewares.contains(middleware)) {
                    return false;
                }
            }
        }
        return old.service().isEmpty() || old.resolution().sameAs(services.apply(old.service().get()));
    }

    private BuildMemo.RouterOutcome outcome(Router router, Map<EntityRef, List<String>> errors,
            Function<String, ServiceResolver.Resolution> services, Map<String, Middleware> middlewares,
            HttpConfig model, Map<String, CompiledRule> compiled, BuildMemo.RouterOutcome old,
            Function<String, Optional<String>> optionsRefusal) {
        Set<String> served = new TreeSet<>(router.entryPoints());
        served.retainAll(entryPoints);
        Set<String> servedOn = new TreeSet<>(router.entryPoints().isEmpty() ? entryPoints : served);
        Optional<RouterTls> own = router.tls().map(RouterTls::of);
        Map<String, RouterTls> tls = new TreeMap<>();
        for (String entryPoint : servedOn) {
            RouterTls entryPointTls = tlsEntryPoints.get(entryPoint);
            if (entryPointTls != null) {
                tls.put(entryPoint, own.orElse(entryPointTls).inProvider(provider));
            } else {
                own.ifPresent(t -> tls.put(entryPoint, t.inProvider(provider)));
            }
        }
        Map<String, String> leftOutTls = new TreeMap<>();
        tls.forEach((entryPoint, routerTls) -> leftOutTls.put(entryPoint, routerTls.optionsName()));
        List<String> reasons = new ArrayList<>(errors.getOrDefault(EntityRef.router(router.name()), List.of()));
        if (!reasons.isEmpty()) {
            return new BuildMemo.RouterOutcome(router, Optional.empty(), reasons, Optional.empty(), null, List.of(),
                    leftOutTls);
        }
        Reference service = Reference.parse(router.service());
        Optional<String> foreign = service.foreignReason("service");
        ServiceResolver.Resolution resolution = null;
        if (foreign.isPresent()) {
            reasons.add(foreign.get());
        } else {
            resolution = services.apply(service.name());
            if (resolution.balancer().isEmpty()) {
                reasons.add(model.services().containsKey(service.name())
                        ? "service " + service.name() + " is unusable: " + resolution.reasons().get(0)
                        : resolution.reasons().get(0));
            }
        }
        MiddlewareResolution resolved = MiddlewareResolution.of(router.middlewares(), middlewares, model.middlewares());
        reasons.addAll(resolved.reasons());
        if (!router.entryPoints().isEmpty() && served.isEmpty()) {
            reasons.add("entryPoints " + router.entryPoints() + " are not served by this proxy (it serves "
                    + new TreeSet<>(entryPoints) + ")");
        }
        if (router.entryPoints().isEmpty() && entryPoints.isEmpty()) {
            reasons.add(NO_TCP_ENTRY_POINT);
        }
        // Options the router names itself apply on all its entry points: refused, it is left out (Traefik's router
        // handler fails to build). Options an entry point's http.tls gives a router without its own apply there only
        // (Traefik's entry point model gives them to a copy of the router per entry point, and only that copy fails):
        // refused on some of its entry points, it is routed and left out on those (TlsHostOptions#optionsRefusals);
        // refused on all, it is left out here.
        Map<String, String> tlsRefusals = new TreeMap<>();
        tls.forEach((entryPoint, routerTls) -> optionsRefusal.apply(routerTls.optionsName())
                .ifPresent(why -> tlsRefusals.put(entryPoint, why)));
        if (own.isPresent() || tlsRefusals.keySet().containsAll(servedOn)) {
            Set<String> tlsReasons = new TreeSet<>();
            tlsRefusals.forEach((entryPoint, why) -> tlsReasons.add("tls.options: " + (own.isPresent()
                    ? keys.routerField(router.name(), DynamicKeys.TLS + "/" + DynamicKeys.OPTIONS)
                    : "http.tls.options of entry point " + entryPoint) + ": " + why));
            reasons.addAll(tlsReasons);
        }
        Optional<CompiledRule> rule = Optional.ofNullable(compiled.get(ruleKey(router)))
                .or(() -> sameRule(old, router))
                .or(() -> compile(router, reasons));
        Optional<String> serviceName = foreign.isPresent() ? Optional.empty() : Optional.of(service.name());
        if (!reasons.isEmpty()) {
            return new BuildMemo.RouterOutcome(router, Optional.empty(), reasons, serviceName, resolution,
                    resolved.dependsOn(), leftOutTls);
        }
        RouteMatch match = new RouteMatch(router, resolution.balancer().orElseThrow(), resolved.applied(),
                rule.orElseThrow().rewrites());
        return new BuildMemo.RouterOutcome(router,
                Optional.of(new RouteEntry(router.effectivePriority(), servedOn, rule.get(), match, tls)), reasons,
                serviceName, resolution, resolved.dependsOn(), Map.of());
    }

    /** The compiled rule of the router's previous outcome, if its rule text and syntax are the same. */
    private static Optional<CompiledRule> sameRule(BuildMemo.RouterOutcome old, Router router) {
        return Optional.ofNullable(old).flatMap(BuildMemo.RouterOutcome::route)
                .filter(route -> ruleKey(route.match().router()).equals(ruleKey(router)))
                .map(RouteEntry::rule);
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
}
