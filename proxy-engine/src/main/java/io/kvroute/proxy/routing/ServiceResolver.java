package io.kvroute.proxy.routing;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.model.HttpConfig;
import io.kvroute.kv.model.LoadBalancerService;
import io.kvroute.kv.model.OpaqueService;
import io.kvroute.kv.model.RawSettings;
import io.kvroute.kv.model.Server;
import io.kvroute.kv.model.ServersTransport;
import io.kvroute.kv.model.Service;
import io.kvroute.kv.model.ServiceWeight;
import io.kvroute.kv.model.StickyCookie;
import io.kvroute.kv.model.WeightedService;
import io.kvroute.proxy.balancer.BalancedServer;
import io.kvroute.proxy.balancer.BalancerRegistry;
import io.kvroute.proxy.balancer.BalancingStrategy;
import io.kvroute.proxy.balancer.MirroringBalancer;
import io.kvroute.proxy.balancer.RendezvousChild;
import io.kvroute.proxy.balancer.ServerBalancer;
import io.kvroute.proxy.balancer.ServerKey;
import io.kvroute.proxy.balancer.ServiceBalancer;
import io.kvroute.proxy.balancer.StickyCookieSpec;
import io.kvroute.proxy.balancer.WeightedChild;
import io.kvroute.proxy.health.PassiveCheck;
import io.kvroute.proxy.upstream.ServerTls;
import io.kvroute.proxy.upstream.ServerTlsSettings;
import io.kvroute.proxy.upstream.TransportException;
import io.kvroute.proxy.upstream.UpstreamTransport;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Resolves services to balancers for one snapshot build, weighted, highest random weight, mirroring and failover
 * services recursively with a cycle check. A service is unusable when it has ERROR problems, is of a kind kvroute does
 * not balance, has a server URL that does not parse, a strategy kvroute does not have, a setting it does not apply
 * (failover {@code errors}) or a {@code passiveHealthCheck} value it cannot use, names a servers transport that is
 * missing, foreign, sets something kvroute does not apply (SPIFFE, TLS versions and cipher suites, HTTP/2 pings) or a
 * value that cannot be used (a CA file that does not parse), references a service that is missing, foreign, unusable or
 * part of a cycle, or needs the health of a service that cannot report it: as in Traefik, a weighted or highest random
 * weight service with {@code healthCheck} needs one on each child, and a failover service one on its main service (a
 * mirroring service reports its main service's).
 */
final class ServiceResolver {
    private static final String HEALTH_CHECK = "healthCheck";
    private static final String PASSIVE_HEALTH_CHECK = "passiveHealthCheck";

    /** A resolved service: its balancer, or why it has none. */
    record Resolution(Optional<ServiceBalancer> balancer, List<String> reasons) {
        static Resolution of(ServiceBalancer balancer) {
            return new Resolution(Optional.of(balancer), List.of());
        }

        static Resolution failed(List<String> reasons) {
            return new Resolution(Optional.empty(), List.copyOf(reasons));
        }

        /** The resolution of a service the configuration does not have. */
        static Resolution missing(String name) {
            return failed(List.of("service " + name + " does not exist"));
        }

        /** Whether a router resolving to this instead of {@code other} would route the same: same balancer, reasons. */
        boolean sameAs(Resolution other) {
            return this == other || balancer.orElse(null) == other.balancer.orElse(null)
                    && reasons.equals(other.reasons);
        }
    }

    private final HttpConfig config;
    private final String provider;
    private final Map<EntityRef, List<String>> errors;
    private final BalancerRegistry.Builder registry;
    private final RoutingSnapshot previous;
    private final Map<String, Resolution> reusable;
    private final Set<String> changed;
    private final Map<String, Resolution> resolved = new HashMap<>();
    private final Map<String, Service> balancedServices = new HashMap<>();
    private final Map<ServerTlsSettings, ServerTls> keptTls;
    private final Map<String, UpstreamTransport> transports = new HashMap<>();
    private final Map<String, String> transportFailures = new HashMap<>();
    /** The services being resolved, outermost first, for the cycle check: empty between {@link #resolve} calls. */
    private final Deque<String> resolving = new ArrayDeque<>();

    /**
     * @param provider the configuration's provider ({@code etcd}, ...), which names sticky cookies without a name as
     *                 Traefik v3 names them ({@code <service>@<provider>})
     * @param previous the snapshot whose balancers of unchanged service instances are taken over as they are
     * @param reusable resolutions of the build before, taken over as they are for a load-balanced or unsupported
     *                 service not named in {@code changed} (a weighted one is resolved again: its children may have)
     * @param changed  the services whose instance or errors differ from those {@code reusable} was resolved from
     * @param keptTls  the TLS to servers of the build before whose files still hold what was read, by settings: a
     *                 transport with those settings keeps it instead of reading its files and making its context
     */
    ServiceResolver(HttpConfig config, String provider, Map<EntityRef, List<String>> errors,
            BalancerRegistry.Builder registry, RoutingSnapshot previous, Map<String, Resolution> reusable,
            Set<String> changed, Map<ServerTlsSettings, ServerTls> keptTls) {
        this.config = requireNonNull(config, "config");
        this.provider = requireNonNull(provider, "provider");
        this.errors = requireNonNull(errors, "errors");
        this.registry = requireNonNull(registry, "registry");
        this.previous = requireNonNull(previous, "previous");
        this.reusable = requireNonNull(reusable, "reusable");
        this.changed = requireNonNull(changed, "changed");
        this.keptTls = requireNonNull(keptTls, "keptTls");
    }

    /** Every service of the config resolved so far (all of them after {@link #failures()}), by name. */
    Map<String, Resolution> resolutions() {
        return Collections.unmodifiableMap(resolved);
    }

    /** The model instance each load-balanced service's balancer was built from, for the next build. */
    Map<String, Service> balancedServices() {
        return balancedServices;
    }

    /** The resolution of the service {@code name} (without provider suffix). */
    Resolution resolve(String name) {
        return resolve(name, resolving);
    }

    /** The reasons of every service of the config that is unusable, by name. */
    SortedMap<String, List<String>> failures() {
        SortedMap<String, List<String>> failures = new TreeMap<>();
        for (String name : config.services().keySet()) {
            Resolution resolution = resolve(name);
            if (resolution.balancer().isEmpty()) {
                failures.put(name, resolution.reasons());
            }
        }
        return failures;
    }

    private Resolution resolve(String name, Deque<String> path) {
        Resolution known = resolved.get(name);
        if (known != null) {
            return known;
        }
        if (path.contains(name)) {
            List<String> cycle = new ArrayList<>(path);
            cycle.subList(0, cycle.indexOf(name)).clear();
            cycle.add(name);
            return Resolution.failed(List.of("services form a cycle: " + String.join(" -> ", cycle)));
        }
        Optional<Service> service = config.service(name);
        if (service.isEmpty()) {
            return Resolution.missing(name);
        }
        Resolution reused = reusable.get(name);
        if (reused != null && !changed.contains(name) && !hasChildren(service.get())) {
            reused.balancer().ifPresent(balancer -> {
                registry.reuse(balancer);
                balancedServices.put(name, service.get());
            });
            resolved.put(name, reused);
            return reused;
        }
        path.addLast(name);
        Resolution resolution = build(service.get(), path);
        path.removeLast();
        resolved.put(name, resolution);
        return resolution;
    }

    private Resolution build(Service service, Deque<String> path) {
        List<String> problems = errors.getOrDefault(EntityRef.service(service.name()), List.of());
        if (!problems.isEmpty()) {
            return Resolution.failed(problems);
        }
        if (service instanceof LoadBalancerService loadBalancer) {
            return loadBalancer(loadBalancer);
        }
        if (service instanceof WeightedService weighted) {
            return weighted(weighted, path);
        }
        OpaqueService opaque = (OpaqueService) service;
        if (opaque.type().equals(CompositeSettings.MIRRORING)) {
            return mirroring(opaque, path);
        }
        if (opaque.type().equals(CompositeSettings.FAILOVER)) {
            return failover(opaque, path);
        }
        if (opaque.type().equals(CompositeSettings.HIGHEST_RANDOM_WEIGHT)) {
            return highestRandomWeight(opaque, path);
        }
        return Resolution.failed(List.of("service type " + opaque.type() + " is not supported by kvroute"));
    }

    /** Whether the service's resolution depends on other services' (it is resolved again in every build). */
    private static boolean hasChildren(Service service) {
        return service instanceof WeightedService
                || service instanceof OpaqueService opaque && CompositeSettings.isServed(opaque);
    }

    private Resolution loadBalancer(LoadBalancerService service) {
        List<String> transportReasons = new ArrayList<>();
        Optional<UpstreamTransport> transport = transport(service, transportReasons);
        Optional<ServiceBalancer> built = previous.balancers().balancer(service.name());
        // The same service instance and the same transport: its balancer is taken over as it is.
        if (transportReasons.isEmpty() && previous.balancedServices().get(service.name()) == service
                && built.orElse(null) instanceof ServerBalancer balancer && balancer.spec().transport().equals(transport)) {
            balancedServices.put(service.name(), service);
            return Resolution.of(registry.loadBalancer(balancer.spec()));
        }
        List<BalancedServer> servers = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (Server server : service.servers()) {
            try {
                URI uri = schemeInLowerCase(new URI(server.url()));
                if (uri.getScheme() == null || uri.getHost() == null) {
                    throw new URISyntaxException(server.url(), "expected an absolute URL with a host");
                }
                if (uri.getScheme().equals("h2c") && transport.map(used -> !used.http2()).orElse(false)) {
                    reasons.add("server " + server.id() + ": url '" + server.url() + "': an h2c server on "
                            + "serversTransport " + transport.get().name() + ", which sets disableHTTP2 (Traefik "
                            + "answers every request of it 500; expected: a transport without disableHTTP2)");
                    continue;
                }
                servers.add(new BalancedServer(new ServerKey(service.name(), server.id()), server.url(), uri,
                        server.effectiveWeight(), server.preservePath()));
            } catch (URISyntaxException | IllegalArgumentException e) {
                reasons.add("server " + server.id() + ": url '" + server.url() + "' is unusable: " + e.getMessage());
            }
        }
        reasons.addAll(transportReasons);
        Optional<BalancingStrategy> strategy = BalancingStrategy.of(service.strategy());
        if (strategy.isEmpty()) {
            reasons.add("strategy " + service.strategy() + " is not supported by kvroute (expected "
                    + BalancingStrategy.names() + ")");
        }
        PassiveCheck.of(service.extras(), reasons);
        Set<String> others = topLevel(service.extras());
        others.remove(PASSIVE_HEALTH_CHECK);
        if (!others.isEmpty()) {
            reasons.add("loadBalancer sets " + String.join(", ", others) + ", which kvroute does not apply");
        }
        if (!reasons.isEmpty()) {
            return Resolution.failed(reasons);
        }
        balancedServices.put(service.name(), service);
        return Resolution.of(registry.loadBalancer(new ServerBalancer.Spec(service.name(), servers,
                service.passHostHeader(), sticky(service.sticky(), service.name() + "@" + provider), transport, strategy.get())));
    }

    private static Set<String> topLevel(RawSettings settings) {
        Set<String> names = new TreeSet<>();
        settings.values().keySet().forEach(path -> names.add(path.split("/", 2)[0]));
        return names;
    }

    /**
     * The servers transport the service names, empty for the proxy's default one (none named, or
     * {@code default@internal}); a transport kvroute cannot apply as configured adds the reason.
     */
    private Optional<UpstreamTransport> transport(LoadBalancerService service, List<String> reasons) {
        Optional<String> named = service.serversTransport()
                .filter(name -> !name.equals(ServersTransport.DEFAULT_REFERENCE));
        if (named.isEmpty()) {
            return Optional.empty();
        }
        Reference reference = Reference.parse(named.get());
        Optional<String> foreign = reference.foreignReason("serversTransport");
        Optional<ServersTransport> transport = config.serversTransport(reference.name());
        if (foreign.isPresent()) {
            reasons.add(foreign.get());
        } else if (transport.isEmpty()) {
            reasons.add("serversTransport " + named.get() + " does not exist");
        } else if (!transport.get().unappliedFields().isEmpty()) {
            reasons.add("serversTransport " + reference.name() + " sets "
                    + String.join(", ", transport.get().unappliedFields()) + ", which kvroute does not apply");
        } else {
            return compiled(transport.get(), reasons);
        }
        return Optional.empty();
    }

    /**
     * The transport as the proxy applies it, compiled once per build: its TLS kept from the build before when its
     * files still hold what was read, else compiled (its files read, its context made).
     */
    private Optional<UpstreamTransport> compiled(ServersTransport transport, List<String> reasons) {
        UpstreamTransport known = transports.get(transport.name());
        if (known != null) {
            return Optional.of(known);
        }
        String failure = transportFailures.get(transport.name());
        if (failure == null) {
            try {
                UpstreamTransport built = UpstreamTransport.of(transport, keptTls);
                transports.put(transport.name(), built);
                return Optional.of(built);
            } catch (TransportException e) {
                failure = "serversTransport " + transport.name() + ": " + e.getMessage();
                transportFailures.put(transport.name(), failure);
            }
        }
        reasons.add(failure);
        return Optional.empty();
    }

    private Resolution weighted(WeightedService service, Deque<String> path) {
        List<WeightedChild> children = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        boolean healthCheck = service.extras().get(HEALTH_CHECK).isPresent();
        for (ServiceWeight target : service.services()) {
            Optional<ServiceBalancer> child = child(target.name(), path, reasons);
            if (child.isEmpty()) {
                continue;
            }
            if (target.weight() < 0) {
                reasons.add("service " + child.get().service() + ": weight " + target.weight() + " (expected: >= 0)");
            } else {
                children.add(new WeightedChild(child.get(), target.weight()));
            }
            if (healthCheck) {
                healthGap(child.get().service(), new HashSet<>()).ifPresent(gap -> reasons.add(
                        "healthCheck needs every child to report its health: " + gap));
            }
        }
        Set<String> others = topLevel(service.extras());
        others.remove(HEALTH_CHECK);
        if (!others.isEmpty()) {
            reasons.add("weighted sets " + String.join(", ", others) + ", which kvroute does not apply");
        }
        if (!reasons.isEmpty()) {
            return Resolution.failed(reasons);
        }
        return Resolution.of(registry.weighted(service.name(), children, sticky(service.sticky(), service.name() + "@" + provider)));
    }

    private Resolution highestRandomWeight(OpaqueService service, Deque<String> path) {
        List<String> reasons = new ArrayList<>();
        CompositeSettings.HighestRandomWeight settings = CompositeSettings.highestRandomWeight(service, reasons);
        List<RendezvousChild> children = new ArrayList<>();
        for (CompositeSettings.RendezvousTarget target : settings.services()) {
            Optional<ServiceBalancer> child = child(target.name(), path, reasons);
            if (child.isEmpty()) {
                continue;
            }
            if (target.weight() >= 0) {
                children.add(new RendezvousChild(target.name(), child.get(), target.weight()));
            }
            if (settings.healthCheck()) {
                healthGap(child.get().service(), new HashSet<>()).ifPresent(gap -> reasons.add(
                        "healthCheck needs every child to report its health: " + gap));
            }
        }
        if (!reasons.isEmpty()) {
            return Resolution.failed(reasons);
        }
        return Resolution.of(registry.rendezvous(service.name(), children));
    }

    private Resolution mirroring(OpaqueService service, Deque<String> path) {
        List<String> reasons = new ArrayList<>();
        CompositeSettings.Mirroring settings = CompositeSettings.mirroring(service, reasons);
        Optional<ServiceBalancer> main = settings.service().isEmpty() ? Optional.empty()
                : child(settings.service(), path, reasons);
        List<MirroringBalancer.Mirror> mirrors = new ArrayList<>();
        for (CompositeSettings.MirrorTarget target : settings.mirrors()) {
            child(target.name(), path, reasons).filter(mirror -> target.percent() >= 0 && target.percent() <= 100)
                    .ifPresent(mirror -> mirrors.add(new MirroringBalancer.Mirror(mirror, (int) target.percent())));
        }
        if (!reasons.isEmpty()) {
            return Resolution.failed(reasons);
        }
        return Resolution.of(registry.mirroring(service.name(), main.orElseThrow(), mirrors,
                new MirroringBalancer.Body(settings.mirrorBody(), settings.maxBodySize())));
    }

    /**
     * A failover over its main service and fallback; the main service must report its health unless the failover
     * falls back on statuses ({@code errors}), as in Traefik.
     */
    private Resolution failover(OpaqueService service, Deque<String> path) {
        List<String> reasons = new ArrayList<>();
        CompositeSettings.Failover settings = CompositeSettings.failover(service, reasons);
        if (!reasons.isEmpty()) {
            return Resolution.failed(reasons);
        }
        Optional<ServiceBalancer> main = child(settings.service(), path, reasons);
        Optional<ServiceBalancer> fallback = child(settings.fallback(), path, reasons);
        main.filter(balancer -> settings.errors().isEmpty())
                .flatMap(balancer -> healthGap(balancer.service(), new HashSet<>())).ifPresent(gap -> reasons.add(
                        "failover needs the health of its service " + settings.service() + ": " + gap));
        if (settings.healthCheck()) {
            fallback.flatMap(balancer -> healthGap(balancer.service(), new HashSet<>())).ifPresent(gap -> reasons.add(
                    "healthCheck needs the health of the fallback " + settings.fallback() + ": " + gap));
        }
        if (!reasons.isEmpty()) {
            return Resolution.failed(reasons);
        }
        return Resolution.of(registry.failover(service.name(), main.orElseThrow(), fallback.orElseThrow(),
                settings.errors()));
    }

    /**
     * The balancer of a service that {@code reference} names as a child, resolved; or empty with the reason added
     * (foreign, missing, unusable, part of a cycle).
     */
    private Optional<ServiceBalancer> child(String referenceText, Deque<String> path, List<String> reasons) {
        Reference reference = Reference.parse(referenceText);
        Optional<String> foreign = reference.foreignReason("service");
        if (foreign.isPresent()) {
            reasons.add(foreign.get());
            return Optional.empty();
        }
        Resolution child = resolve(reference.name(), path);
        if (child.balancer().isEmpty()) {
            boolean plainReason = path.contains(reference.name()) || !config.services().containsKey(reference.name());
            reasons.add(plainReason ? child.reasons().get(0)
                    : "service " + reference.name() + " is unusable: " + child.reasons().get(0));
        }
        return child.balancer();
    }

    /**
     * Why the service {@code name} cannot report its health to a parent, as Traefik's status updaters decide: a load
     * balancer, weighted, mirroring or failover service without {@code healthCheck}, or a mirroring service whose
     * main service cannot. Empty when it can (or when it is not a service of this configuration: resolving it says
     * why).
     */
    private Optional<String> healthGap(String name, Set<String> seen) {
        Optional<Service> service = config.service(name);
        if (service.isEmpty() || !seen.add(name)) {
            return Optional.empty();
        }
        boolean healthCheck;
        if (service.get() instanceof LoadBalancerService loadBalancer) {
            healthCheck = loadBalancer.healthCheck().isPresent();
        } else if (service.get() instanceof WeightedService weighted) {
            healthCheck = weighted.extras().get(HEALTH_CHECK).isPresent();
        } else {
            healthCheck = CompositeSettings.hasHealthCheck(((OpaqueService) service.get()).settings());
        }
        if (!healthCheck) {
            return Optional.of("service " + name + " has no healthCheck");
        }
        if (service.get() instanceof OpaqueService opaque && opaque.type().equals(CompositeSettings.MIRRORING)) {
            return opaque.settings().get("service").map(main -> Reference.parse(main.text()).name())
                    .flatMap(main -> healthGap(main, seen));
        }
        return Optional.empty();
    }

    private static Optional<StickyCookieSpec> sticky(Optional<StickyCookie> cookie, String owner) {
        return cookie.map(c -> StickyCookieSpec.of(c, owner));
    }

    /**
     * The server URL with its scheme in lower case, as Go's url.Parse gives it to Traefik: {@code HTTPS://origin} is
     * an https server (reached over TLS), the connection code compares schemes exactly.
     */
    private static URI schemeInLowerCase(URI uri) throws URISyntaxException {
        String scheme = uri.getScheme();
        if (scheme == null || scheme.equals(scheme.toLowerCase(Locale.ROOT))) {
            return uri;
        }
        return new URI(scheme.toLowerCase(Locale.ROOT) + uri.toString().substring(scheme.length()));
    }
}
