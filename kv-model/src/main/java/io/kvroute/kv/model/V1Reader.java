package io.kvroute.kv.model;

import io.kvroute.kv.layout.keys.V1Keys;
import io.kvroute.kv.rule.RuleSyntax;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;

/**
 * Reads Traefik 1.x {@code {"backends", "frontends"}} JSON (v1 JSON field names) into the model: a backend becomes a
 * {@link LoadBalancerService}, a frontend a {@link Router} with V1 syntax plus the middlewares its features become
 * ({@link V1FrontendMiddlewares}: {@code <frontend>-ipallowlist}, {@code <frontend>-headers},
 * {@code <frontend>-basicauth}, ...). Features the model cannot express are reported: as errors (the entity is left
 * out, fail closed) unless they only shape load ({@code maxconn}, {@code circuitbreaker}), then as warnings.
 */
final class V1Reader {
    static final String NOT_APPLIED = "not applied by kvroute";
    /**
     * Why a frontend feature kvroute does not apply leaves the frontend out: every one of them (a redirect whose
     * replacement is a Go template, a field unknown to a feature, ...) decides
     * who may reach the route or what reaches the origin, so serving without it would be less safe than configured.
     */
    static final String LEFT_OUT = "not applied by kvroute, so a kvroute proxy leaves the frontend out rather than "
            + "serving it without this";
    /**
     * Backend features kvroute does not apply that only shape load (connection limits, circuit breaking) and never
     * who reaches an origin or what reaches it: reported, the backend still serves. Anything else leaves it out.
     */
    private static final Set<String> LOAD_ONLY_BACKEND_FEATURES = Set.of("maxconn", "circuitbreaker");

    private final List<Problem> problems = new ArrayList<>();
    private final List<Router> routers = new ArrayList<>();
    private final List<Service> services = new ArrayList<>();
    private final List<Middleware> middlewares = new ArrayList<>();

    static MappedConfig read(ObjectNode json) {
        V1Reader reader = new V1Reader();
        FieldReader root = FieldReader.ofV1(json, "", null, reader.problems);
        root.object("backends").ifPresent(section -> section.forEachEntity(reader::backend));
        root.object("frontends").ifPresent(section -> section.forEachEntity(reader::frontend));
        for (String other : root.unread()) {
            reader.problems.add(Problem.warning(other.toLowerCase(Locale.ROOT), FieldReader.describe(json.get(other)),
                    NOT_APPLIED, null));
        }
        HttpConfig config = HttpConfig.of(reader.routers, reader.services, reader.middlewares);
        reader.problems.addAll(SemanticChecks.check(config, ProblemKeys.V1));
        return new MappedConfig(config, TlsConfig.empty(), reader.problems);
    }


    private void backend(String name, ObjectNode json) {
        FieldReader backend = FieldReader.ofV1(json, V1Keys.RELATIVE.backend(name), EntityRef.service(name), problems);
        List<Server> servers = backend.object("servers").map(this::servers).orElse(List.of());
        String method = LoadBalancerService.DEFAULT_STRATEGY;
        Optional<StickyCookie> sticky = Optional.empty();
        Optional<FieldReader> loadBalancer = backend.object("loadBalancer");
        if (loadBalancer.isPresent()) {
            method = loadBalancer.get().text("method").map(m -> m.toLowerCase(Locale.ROOT)).orElse(method);
            boolean legacySticky = loadBalancer.get().bool("sticky").orElse(false);
            sticky = loadBalancer.get().object("stickiness").map(V1Reader::stickiness);
            if (sticky.isEmpty() && legacySticky) {
                sticky = Optional.of(StickyCookie.named(""));
            }
            sticky = sticky.map(cookie -> cookie.orNamed(StickyCookie.generatedName(name)));
            loadBalancer.get().warnRest();
        }
        Optional<HealthCheck> healthCheck = backend.object("healthCheck").flatMap(V1Reader::healthCheck);
        for (String feature : backend.unread()) {
            backend.raw(feature).ifPresent(value -> {
                if (LOAD_ONLY_BACKEND_FEATURES.contains(feature.toLowerCase(Locale.ROOT))) {
                    backend.warning(feature, FieldReader.describe(value), NOT_APPLIED);
                } else {
                    backend.error(feature, FieldReader.describe(value), "not applied by kvroute, so a kvroute proxy "
                            + "leaves the backend out rather than serving it without this");
                }
            });
        }
        services.add(new LoadBalancerService(name, servers, true, healthCheck, sticky, method,
                LoadBalancerService.DEFAULT_FLUSH_INTERVAL, Optional.empty(), RawSettings.empty()));
    }

    private List<Server> servers(FieldReader json) {
        ImmutableList.Builder<Server> servers = ImmutableList.builder();
        Set<String> ids = new HashSet<>();
        for (String id : json.unread()) {
            JsonNode node = json.raw(id).orElseThrow();
            if (!(node instanceof ObjectNode object)) {
                json.error(id, FieldReader.describe(node), "expected a server object");
                continue;
            }
            FieldReader server = json.child(object, id);
            String url = server.text("url").orElse("");
            long weight = server.int64("weight").orElse(Server.DEFAULT_WEIGHT);
            server.warnRest();
            if (url.isEmpty()) {
                server.warning("url", "", "server without url is dropped, as Traefik 1.x does");
            } else if (!ids.add(id.toLowerCase(Locale.ROOT))) {
                json.error(id, FieldReader.describe(node), "expected server names unique ignoring case");
            } else {
                servers.add(new Server(id, url, OptionalLong.of(weight), false));
            }
        }
        return servers.build();
    }

    private static StickyCookie stickiness(FieldReader json) {
        StickyCookie cookie = new StickyCookie(json.text("cookieName").filter(n -> !n.isEmpty()),
                json.bool("secure").orElse(false), json.bool("httpOnly").orElse(false), json.text("sameSite"),
                OptionalInt.empty(), Optional.empty(), Optional.empty());
        json.warnRest();
        return cookie;
    }

    /** The health check; Traefik 1.x only checks when a path is set. */
    private static Optional<HealthCheck> healthCheck(FieldReader json) {
        Optional<String> path = json.text("path").filter(p -> !p.isEmpty());
        OptionalInt port = json.integer("port");
        HealthCheck check = new HealthCheck(json.text("scheme"), Optional.empty(), path, Optional.empty(),
                OptionalInt.empty(), port.isPresent() && port.getAsInt() == 0 ? OptionalInt.empty() : port,
                json.duration("interval"), Optional.empty(), Optional.empty(), json.text("hostname"),
                Optional.empty(), json.stringMap("headers"));
        json.warnRest();
        if (path.isEmpty()) {
            json.warning("path", "", "health check without path is not applied, as in Traefik 1.x");
            return Optional.empty();
        }
        return Optional.of(check);
    }

    private void frontend(String name, ObjectNode json) {
        FieldReader frontend = FieldReader.ofV1(json, V1Keys.RELATIVE.frontend(name), EntityRef.router(name), problems);
        String backend = frontend.text("backend").orElse("");
        ImmutableSortedMap.Builder<String, String> routes = ImmutableSortedMap.naturalOrder();
        frontend.object("routes").ifPresent(section -> {
            for (String route : section.unread()) {
                JsonNode node = section.raw(route).orElseThrow();
                if (node instanceof ObjectNode object) {
                    FieldReader fields = section.child(object, route);
                    fields.text("rule").filter(rule -> !rule.isEmpty()).ifPresent(rule -> routes.put(route, rule));
                    fields.warnRest();
                } else {
                    section.error(route, FieldReader.describe(node), "expected {\"rule\": ...}");
                }
            }
        });
        List<String> entryPoints = frontend.strings("entryPoints");
        long priority = Math.max(0, frontend.int64("priority").orElse(0));
        Optional<Boolean> passHostHeader = frontend.bool("passHostHeader");
        List<String> used = new ArrayList<>();
        for (Middleware middleware : V1FrontendMiddlewares.read(name, frontend, backend)) {
            middlewares.add(middleware);
            used.add(middleware.name());
        }
        refuseNotApplied(frontend);
        SortedMap<String, String> routeRules = routes.build();
        routers.add(new Router(name, String.join(";", routeRules.values()), RuleSyntax.V1, routeRules, backend,
                entryPoints, used, priority, Optional.empty(), passHostHeader, RawSettings.empty()));
    }

    /** Reports every field of a frontend section kvroute does not apply as an error: the frontend is left out. */
    private void refuseNotApplied(FieldReader fields) {
        for (String name : fields.unread()) {
            fields.raw(name).ifPresent(value -> fields.error(name, FieldReader.describe(value), LEFT_OUT));
        }
    }
}
