package io.kvroute.kv.model;

import io.kvroute.kv.layout.keys.DynamicKeys;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The checks that need the whole config or meaning beyond JSON types: server URLs, weights, strategies, health
 * check ports, and references between routers, services, middlewares and servers transports ({@code
 * default@internal} names the static default transport, always there). Entities stay in the config; their
 * problems say whether they can be used. The checks of one entity alone ({@link Scope#LOCAL}) and those of its
 * references to others ({@link Scope#REFERENCES}) can run apart, so that a configuration kept per entity re-checks
 * only the references a change can affect.
 */
final class SemanticChecks {
    private static final Set<String> URL_SCHEMES = Set.of("http", "https", "h2c");

    /** Which checks run: of each entity alone, of its references to other entities, or both. */
    enum Scope {
        LOCAL, REFERENCES, ALL;

        boolean local() {
            return this != REFERENCES;
        }

        boolean references() {
            return this != LOCAL;
        }
    }

    private final HttpConfig config;
    private final ProblemKeys keys;
    private final Scope scope;
    private final List<Problem> problems = new ArrayList<>();

    private SemanticChecks(HttpConfig config, ProblemKeys keys, Scope scope) {
        this.config = config;
        this.keys = keys;
        this.scope = scope;
    }

    static List<Problem> check(HttpConfig config, ProblemKeys keys) {
        return check(config, keys, Scope.ALL);
    }

    static List<Problem> check(HttpConfig config, ProblemKeys keys, Scope scope) {
        SemanticChecks checks = new SemanticChecks(config, keys, scope);
        config.routers().values().forEach(checks::checkRouter);
        config.services().values().forEach(checks::checkService);
        return checks.problems;
    }

    /** The problems of {@code router}'s references to the services and middlewares of {@code config}. */
    static List<Problem> references(Router router, HttpConfig config, ProblemKeys keys) {
        SemanticChecks checks = new SemanticChecks(config, keys, Scope.REFERENCES);
        checks.checkRouter(router);
        return checks.problems;
    }

    /** The problems of {@code service}'s references (a weighted service's) to the services of {@code config}. */
    static List<Problem> references(Service service, HttpConfig config, ProblemKeys keys) {
        SemanticChecks checks = new SemanticChecks(config, keys, Scope.REFERENCES);
        checks.checkService(service);
        return checks.problems;
    }

    private void checkRouter(Router router) {
        EntityRef entity = EntityRef.router(router.name());
        if (scope.local() && router.rule().isEmpty()) {
            problems.add(Problem.error(keys.router(router.name(), "rule"), "", "router has no rule", entity));
        }
        if (router.service().isEmpty()) {
            if (scope.local()) {
                problems.add(Problem.error(keys.router(router.name(), "service"), "", "router has no service",
                        entity));
            }
        } else if (scope.references()) {
            checkReference(router.service(), "service", keys.router(router.name(), "service"), entity,
                    config.services().containsKey(ProviderReference.parse(router.service()).name()));
        }
        for (int i = 0; scope.references() && i < router.middlewares().size(); i++) {
            String reference = router.middlewares().get(i);
            String key = keys.router(router.name(), DynamicKeys.routerMiddleware(i));
            Optional<Middleware> middleware = config.middleware(ProviderReference.parse(reference).name());
            if (checkReference(reference, "middleware", key, entity, middleware.isPresent())
                    && middleware.get() instanceof OpaqueMiddleware opaque && !MiddlewareTypes.applied(opaque.type())) {
                problems.add(Problem.warning(key, reference, "middleware type " + describe(opaque)
                        + " is not implemented by kvroute (a kvroute proxy leaves the router out)", entity));
            }
        }
    }

    /** The type of a middleware kvroute does not apply, with the plugin's names for {@code plugin}. */
    private static String describe(OpaqueMiddleware middleware) {
        if (!middleware.type().equals(MiddlewareTypes.PLUGIN)) {
            return middleware.type();
        }
        List<String> plugins = middleware.settings().values().keySet().stream()
                .map(path -> path.split("/", 2)[0]).distinct().toList();
        return middleware.type() + (plugins.isEmpty() ? "" : " (plugin " + String.join(", ", plugins) + ")");
    }

    /** Reports a foreign or missing reference; true if it resolved within the config. */
    private boolean checkReference(String reference, String kind, String key, EntityRef entity, boolean exists) {
        ProviderReference parsed = ProviderReference.parse(reference);
        if (parsed.isForeign()) {
            problems.add(Problem.warning(key, reference, kind + " of provider " + parsed.provider().orElseThrow()
                    + " is not resolved by kvroute", entity));
            return false;
        }
        if (!exists) {
            problems.add(Problem.error(key, reference, kind + " " + parsed.name() + " does not exist", entity));
        }
        return exists;
    }

    private void checkService(Service service) {
        EntityRef entity = EntityRef.service(service.name());
        if (service instanceof LoadBalancerService loadBalancer) {
            if (scope.local()) {
                checkLoadBalancer(loadBalancer, entity);
            }
            if (scope.references()) {
                loadBalancer.serversTransport().filter(name -> !name.equals(ServersTransport.DEFAULT_REFERENCE))
                        .ifPresent(name -> checkReference(name, DynamicKeys.SERVERS_TRANSPORT,
                                keys.service(service.name(),
                                        DynamicKeys.loadBalancerField(DynamicKeys.SERVERS_TRANSPORT)),
                                entity, config.serversTransports().containsKey(ProviderReference.parse(name).name())));
            }
        } else if (service instanceof WeightedService weighted) {
            for (int i = 0; i < weighted.services().size(); i++) {
                ServiceWeight target = weighted.services().get(i);
                if (scope.references()) {
                    checkReference(target.name(), "service",
                            keys.service(service.name(), DynamicKeys.weightedTargetField(i, "name")), entity,
                            config.services().containsKey(ProviderReference.parse(target.name()).name()));
                }
                if (scope.local() && target.weight() < 0) {
                    String key = keys.service(service.name(), DynamicKeys.weightedTargetField(i, "weight"));
                    problems.add(Problem.error(key, Long.toString(target.weight()), "expected a weight >= 0",
                            entity));
                }
            }
        }
    }

    private void checkLoadBalancer(LoadBalancerService service, EntityRef entity) {
        for (Server server : service.servers()) {
            if (!isServerUrl(server.url())) {
                String key = keys.service(service.name(), DynamicKeys.serverField(server.id(), "url"));
                problems.add(Problem.error(key, server.url(), "expected an absolute http, https or h2c URL with a host",
                        entity));
            }
            if (server.weight().isPresent() && server.weight().getAsLong() < 0) {
                String key = keys.service(service.name(), DynamicKeys.serverField(server.id(), "weight"));
                problems.add(Problem.error(key, Long.toString(server.weight().getAsLong()),
                        "expected a weight >= 0 (0 drains)", entity));
            }
        }
        if (!keys.strategies().contains(service.strategy())) {
            String key = keys.service(service.name(), DynamicKeys.loadBalancerField("strategy"));
            problems.add(Problem.error(key, service.strategy(),
                    "expected one of " + String.join(", ", keys.strategies().stream().sorted().toList()), entity));
        }
        service.healthCheck().flatMap(check -> check.port().isPresent()
                ? Optional.of(check.port().getAsInt()) : Optional.empty()).ifPresent(port -> {
                    if (port < 1 || port > 65535) {
                        String key = keys.service(service.name(), DynamicKeys.loadBalancerField("healthCheck/port"));
                        problems.add(Problem.error(key, Integer.toString(port), "expected a port in 1-65535", entity));
                    }
                });
    }

    static boolean isServerUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            return scheme != null && URL_SCHEMES.contains(scheme.toLowerCase(Locale.ROOT)) && !host(uri).isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String host(URI uri) {
        if (uri.getHost() != null) {
            return uri.getHost();
        }
        String authority = uri.getRawAuthority();
        if (authority == null) {
            return "";
        }
        String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
        return hostAndPort.replaceFirst(":[0-9]*$", "");
    }
}
