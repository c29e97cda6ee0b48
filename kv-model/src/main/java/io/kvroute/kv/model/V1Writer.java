package io.kvroute.kv.model;

import io.kvroute.kv.layout.codec.ScalarCodec;

import io.kvroute.kv.gotext.GoDuration;
import io.kvroute.kv.layout.keys.DynamicKeys;
import io.kvroute.kv.layout.keys.KeyPaths;
import io.kvroute.kv.layout.keys.V1Keys;
import io.kvroute.kv.rule.RuleSyntax;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes the model as Traefik 1.x {@code {"backends", "frontends"}} JSON for the agent's v1 layout. Routers with
 * v2/v3-syntax rules are errors (rules are converted elsewhere); whatever else v1 cannot express is left out with a
 * warning. Problem keys are v1 keys ({@code frontends/<f>/routes}, {@code backends/<b>/...}).
 */
final class V1Writer {
    private static final Set<String> V1_METHODS = Set.of("wrr", "drr");
    private static final String NOT_IN_V1 = "cannot be written in the v1 layout, left out";

    private final HttpConfig config;
    private final List<Problem> problems = new ArrayList<>();
    private final Set<String> writtenMiddlewares = new HashSet<>();

    private V1Writer(HttpConfig config) {
        this.config = config;
    }

    static EncodedConfig write(HttpConfig config) {
        V1Writer writer = new V1Writer(config);
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        ObjectNode backends = json.putObject("backends");
        config.services().values().forEach(service -> writer.backend(service, backends));
        ObjectNode frontends = json.putObject("frontends");
        config.routers().values().forEach(router -> writer.frontend(router, frontends));
        for (Middleware middleware : config.middlewares().values()) {
            if (!writer.writtenMiddlewares.contains(middleware.name())) {
                writer.problems.add(Problem.warning(KeyPaths.item(DynamicKeys.MIDDLEWARES, middleware.name()),
                        middleware.type(),
                        "middleware not used by a v1 frontend as basic auth or custom headers; " + NOT_IN_V1,
                        EntityRef.middleware(middleware.name())));
            }
        }
        return new EncodedConfig(json, writer.problems);
    }

    private void backend(Service service, ObjectNode backends) {
        EntityRef entity = EntityRef.service(service.name());
        String key = V1Keys.RELATIVE.backend(service.name());
        if (!(service instanceof LoadBalancerService lb)) {
            problems.add(Problem.warning(key, service.type(), service.type() + " service " + NOT_IN_V1, entity));
            return;
        }
        ObjectNode backend = backends.putObject(lb.name());
        if (!lb.servers().isEmpty()) {
            ObjectNode servers = backend.putObject("servers");
            for (Server server : lb.servers()) {
                servers.putObject(server.id()).put("url", server.url()).set("weight", ScalarCodec.integer(server.effectiveWeight()));
                unsupported(server.preservePath(), key + "/" + V1Keys.serverField(server.id(), "preservepath"), "true",
                        entity);
            }
        }
        ObjectNode loadBalancer = backend.putObject("loadBalancer");
        if (V1_METHODS.contains(lb.strategy())) {
            loadBalancer.put("method", lb.strategy());
        } else {
            problems.add(Problem.warning(key + "/" + V1Keys.LOAD_BALANCER_METHOD, lb.strategy(),
                    "strategy has no v1 method, written as wrr", entity));
            loadBalancer.put("method", LoadBalancerService.DEFAULT_STRATEGY);
        }
        lb.sticky().ifPresent(cookie -> stickiness(cookie, loadBalancer.putObject("stickiness"), key, entity));
        lb.healthCheck().ifPresent(check -> healthCheck(check, backend.putObject("healthCheck"), key, entity));
        unsupported(!lb.flushInterval().equals(LoadBalancerService.DEFAULT_FLUSH_INTERVAL),
                key + "/responseforwarding/flushinterval", GoDuration.format(lb.flushInterval()), entity);
        unsupported(lb.serversTransport().isPresent(), key + "/serverstransport", lb.serversTransport().orElse(""),
                entity);
        lb.extras().values().forEach((path, value) ->
                unsupported(true, key + "/" + path, value.text(), entity));
    }

    private void stickiness(StickyCookie cookie, ObjectNode json, String key, EntityRef entity) {
        cookie.name().ifPresent(name -> json.put("cookieName", name));
        if (cookie.secure()) {
            json.put("secure", true);
        }
        if (cookie.httpOnly()) {
            json.put("httpOnly", true);
        }
        cookie.sameSite().ifPresent(value -> json.put("sameSite", value));
        String prefix = key + "/" + V1Keys.STICKINESS + "/";
        unsupported(cookie.maxAge().isPresent(), prefix + "maxage", String.valueOf(cookie.maxAge().orElse(0)), entity);
        unsupported(cookie.path().isPresent(), prefix + "path", cookie.path().orElse(""), entity);
        unsupported(cookie.domain().isPresent(), prefix + "domain", cookie.domain().orElse(""), entity);
    }

    private void healthCheck(HealthCheck check, ObjectNode json, String key, EntityRef entity) {
        check.scheme().ifPresent(value -> json.put("scheme", value));
        check.path().ifPresent(value -> json.put("path", value));
        check.port().ifPresent(value -> json.put("port", value));
        check.interval().ifPresent(value -> json.put("interval", GoDuration.format(value)));
        check.hostname().ifPresent(value -> json.put("hostname", value));
        MiddlewareJson.putMap(json, "headers", check.headers());
        String prefix = key + "/healthcheck/";
        unsupported(check.mode().isPresent(), prefix + "mode", check.mode().orElse(""), entity);
        unsupported(check.method().isPresent(), prefix + "method", check.method().orElse(""), entity);
        unsupported(check.status().isPresent(), prefix + "status", String.valueOf(check.status().orElse(0)), entity);
        check.timeout().ifPresent(value -> unsupported(true, prefix + "timeout", GoDuration.format(value), entity));
        check.unhealthyInterval().ifPresent(value ->
                unsupported(true, prefix + "unhealthyinterval", GoDuration.format(value), entity));
        check.followRedirects().ifPresent(value ->
                unsupported(true, prefix + "followredirects", value.toString(), entity));
    }

    private void frontend(Router router, ObjectNode frontends) {
        EntityRef entity = EntityRef.router(router.name());
        String key = V1Keys.RELATIVE.frontend(router.name());
        if (router.syntax() != RuleSyntax.V1) {
            problems.add(Problem.error(key + "/" + V1Keys.ROUTES, router.rule(),
                    "rule is in v2/v3 syntax; convert it to a v1 rule before writing the v1 layout", entity));
            return;
        }
        ObjectNode frontend = frontends.putObject(router.name());
        ProviderReference service = ProviderReference.parse(router.service());
        if (service.isForeign()) {
            problems.add(Problem.warning(key + "/" + V1Keys.FRONTEND_BACKEND, router.service(),
                    "v1 cannot refer to another provider's service; written without the provider", entity));
        }
        if (!service.name().isEmpty()) {
            frontend.put("backend", service.name());
        }
        Optional<Service> target = config.service(service.name());
        boolean servicePassesHost = target.filter(LoadBalancerService.class::isInstance)
                .map(s -> ((LoadBalancerService) s).passHostHeader()).orElse(true);
        frontend.put("passHostHeader", router.passHostHeader().orElse(servicePassesHost));
        router.entryPoints().forEach(frontend.putArray("entryPoints")::add);
        frontend.set("priority", ScalarCodec.integer(router.priority()));
        Map<String, String> routes = router.v1Routes().isEmpty() && !router.rule().isEmpty()
                ? Map.of(router.name(), router.rule()) : router.v1Routes();
        if (!routes.isEmpty()) {
            ObjectNode routesJson = frontend.putObject("routes");
            routes.forEach((name, rule) -> routesJson.putObject(name).put("rule", rule));
        }
        for (int i = 0; i < router.middlewares().size(); i++) {
            middleware(router.middlewares().get(i), frontend, key + "/" + DynamicKeys.routerMiddleware(i), entity);
        }
        unsupported(router.tls().isPresent(), key + "/tls", "", entity);
        router.extras().values().forEach((path, value) -> unsupported(true, key + "/" + path, value.text(), entity));
    }

    private void middleware(String reference, ObjectNode frontend, String key, EntityRef entity) {
        Optional<Middleware> middleware = config.middleware(ProviderReference.parse(reference).name());
        if (middleware.isEmpty()) {
            problems.add(Problem.warning(key, reference, "middleware does not exist; " + NOT_IN_V1, entity));
        } else if (middleware.get() instanceof BasicAuth auth && !frontend.has("auth")) {
            ObjectNode authJson = frontend.putObject("auth");
            auth.headerField().ifPresent(field -> authJson.put("headerField", field));
            ObjectNode basic = authJson.putObject("basic");
            if (!auth.users().isEmpty()) {
                auth.users().forEach(basic.putArray("users")::add);
            }
            auth.usersFile().ifPresent(file -> basic.put("usersFile", file));
            if (auth.removeHeader()) {
                basic.put("removeHeader", true);
            }
            unsupported(auth.realm().isPresent(), key + "/realm", auth.realm().orElse(""), entity);
            writtenMiddlewares.add(auth.name());
        } else if (middleware.get() instanceof Headers headers && !frontend.has("headers")) {
            ObjectNode headersJson = frontend.putObject("headers");
            MiddlewareJson.putMap(headersJson, "customRequestHeaders", headers.customRequestHeaders());
            MiddlewareJson.putMap(headersJson, "customResponseHeaders", headers.customResponseHeaders());
            headers.others().values().forEach((path, value) ->
                    unsupported(true, key + "/" + path, value.text(), entity));
            writtenMiddlewares.add(headers.name());
        } else {
            problems.add(Problem.warning(key, reference, "a v1 frontend takes one basic auth and one custom headers "
                    + "middleware; " + middleware.get().type() + " middleware " + NOT_IN_V1, entity));
        }
    }

    private void unsupported(boolean present, String key, String value, EntityRef entity) {
        if (present) {
            problems.add(Problem.warning(key, value, NOT_IN_V1, entity));
        }
    }
}
