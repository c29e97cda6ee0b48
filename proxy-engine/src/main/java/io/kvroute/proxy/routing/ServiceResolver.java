package io.kvroute.proxy.routing;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.model.HttpConfig;
import io.kvroute.kv.model.LoadBalancerService;
import io.kvroute.kv.model.OpaqueService;
import io.kvroute.kv.model.Server;
import io.kvroute.kv.model.ServersTransport;
import io.kvroute.kv.model.Service;
import io.kvroute.kv.model.ServiceWeight;
import io.kvroute.kv.model.StickyCookie;
import io.kvroute.kv.model.WeightedService;
import io.kvroute.proxy.balancer.BalancedServer;
import io.kvroute.proxy.balancer.BalancerRegistry;
import io.kvroute.proxy.balancer.ServerBalancer;
import io.kvroute.proxy.balancer.ServerKey;
import io.kvroute.proxy.balancer.ServiceBalancer;
import io.kvroute.proxy.balancer.StickyCookieSpec;
import io.kvroute.proxy.balancer.WeightedChild;
import io.kvroute.proxy.upstream.TransportException;
import io.kvroute.proxy.upstream.UpstreamTransport;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Resolves services to balancers for one snapshot build, weighted services recursively with a cycle check. A
 * service is unusable when it has ERROR problems, is of a kind kvroute does not balance, has a server URL that does
 * not parse, names a servers transport that is missing, foreign, sets something kvroute does not apply (SPIFFE, TLS
 * versions and cipher suites, HTTP/2 pings) or a value that cannot be used (a CA file that does not parse), or (weighted) references a service that is missing, foreign,
 * unusable or part of a cycle.
 */
final class ServiceResolver {
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

    /** The server URL schemes kvroute speaks (Traefik's {@code h2c} is HTTP/2 cleartext, which it does not). */
    private static final Set<String> SERVER_SCHEMES = Set.of("http", "https");

    private final HttpConfig config;
    private final Map<EntityRef, List<String>> errors;
    private final BalancerRegistry.Builder registry;
    private final RoutingSnapshot previous;
    private final Map<String, Resolution> reusable;
    private final Set<String> changed;
    private final Map<String, Resolution> resolved = new HashMap<>();
    private final Map<String, Service> balancedServices = new HashMap<>();
    private final Map<String, UpstreamTransport> transports = new HashMap<>();
    private final Map<String, String> transportFailures = new HashMap<>();

    /**
     * @param previous the snapshot whose balancers of unchanged service instances are taken over as they are
     * @param reusable resolutions of the build before, taken over as they are for a load-balanced or unsupported
     *                 service not named in {@code changed} (a weighted one is resolved again: its children may have)
     * @param changed  the services whose instance or errors differ from those {@code reusable} was resolved from
     */
    ServiceResolver(HttpConfig config, Map<EntityRef, List<String>> errors, BalancerRegistry.Builder registry,
            RoutingSnapshot previous, Map<String, Resolution> reusable, Set<String> changed) {
        this.config = requireNonNull(config, "config");
        this.errors = requireNonNull(errors, "errors");
        this.registry = requireNonNull(registry, "registry");
        this.previous = requireNonNull(previous, "previous");
        this.reusable = requireNonNull(reusable, "reusable");
        this.changed = requireNonNull(changed, "changed");
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
        return resolve(name, new ArrayDeque<>());
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
            return Resolution.failed(List.of("weighted services form a cycle: " + String.join(" -> ", cycle)));
        }
        Optional<Service> service = config.service(name);
        if (service.isEmpty()) {
            return Resolution.missing(name);
        }
        Resolution reused = reusable.get(name);
        if (reused != null && !changed.contains(name) && !(service.get() instanceof WeightedService)) {
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
        return Resolution.failed(List.of("service type " + ((OpaqueService) service).type()
                + " is not supported by kvroute"));
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
                URI uri = new URI(server.url());
                if (uri.getScheme() == null || uri.getHost() == null) {
                    throw new URISyntaxException(server.url(), "expected an absolute URL with a host");
                }
                if (!SERVER_SCHEMES.contains(uri.getScheme())) {
                    reasons.add("server " + server.id() + ": url '" + server.url() + "': scheme " + uri.getScheme()
                            + " is not supported by kvroute (expected: http or https)");
                    continue;
                }
                servers.add(new BalancedServer(new ServerKey(service.name(), server.id()), server.url(), uri,
                        server.effectiveWeight(), server.preservePath()));
            } catch (URISyntaxException | IllegalArgumentException e) {
                reasons.add("server " + server.id() + ": url '" + server.url() + "' is unusable: " + e.getMessage());
            }
        }
        reasons.addAll(transportReasons);
        if (!reasons.isEmpty()) {
            return Resolution.failed(reasons);
        }
        balancedServices.put(service.name(), service);
        return Resolution.of(registry.loadBalancer(new ServerBalancer.Spec(service.name(), servers,
                service.passHostHeader(), sticky(service.sticky(), service.name()), transport)));
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

    /** The transport as the proxy applies it, compiled once per build (its files read, its TLS context made). */
    private Optional<UpstreamTransport> compiled(ServersTransport transport, List<String> reasons) {
        UpstreamTransport known = transports.get(transport.name());
        if (known != null) {
            return Optional.of(known);
        }
        String failure = transportFailures.get(transport.name());
        if (failure == null) {
            try {
                UpstreamTransport built = UpstreamTransport.of(transport);
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
        for (ServiceWeight target : service.services()) {
            Reference reference = Reference.parse(target.name());
            Optional<String> foreign = reference.foreignReason("service");
            if (foreign.isPresent()) {
                reasons.add(foreign.get());
                continue;
            }
            Resolution child = resolve(reference.name(), path);
            if (child.balancer().isEmpty()) {
                boolean plainReason = path.contains(reference.name())
                        || !config.services().containsKey(reference.name());
                reasons.add(plainReason ? child.reasons().get(0)
                        : "service " + reference.name() + " is unusable: " + child.reasons().get(0));
            } else if (target.weight() < 0) {
                reasons.add("service " + reference.name() + ": weight " + target.weight() + " (expected: >= 0)");
            } else {
                children.add(new WeightedChild(child.balancer().get(), target.weight()));
            }
        }
        if (!reasons.isEmpty()) {
            return Resolution.failed(reasons);
        }
        return Resolution.of(registry.weighted(service.name(), children, sticky(service.sticky(), service.name())));
    }

    private static Optional<StickyCookieSpec> sticky(Optional<StickyCookie> cookie, String serviceName) {
        return cookie.map(c -> StickyCookieSpec.of(c, serviceName));
    }
}
