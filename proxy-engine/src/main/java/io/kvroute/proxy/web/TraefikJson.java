package io.kvroute.proxy.web;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.model.LoadBalancerService;
import io.kvroute.kv.model.StickyCookie;
import io.kvroute.kv.model.TraefikJsonMapper;
import io.kvroute.kv.model.WeightedService;
import io.kvroute.proxy.balancer.StickyCookieSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Traefik's API objects for one {@link RuntimeView}: each router, service and middleware as Traefik's
 * {@code /api/rawdata} shows it (the configuration with Traefik's defaults, names qualified {@code name@provider},
 * middleware references qualified) plus {@code status}, {@code error}, {@code using}, {@code usedBy} and, for
 * services that enabled routers use, {@code serverStatus} and the sticky cookie name the proxy sets (Traefik writes
 * the generated or sanitized name into the configuration of each service it builds). The listed middlewares also
 * have kvroute's {@code counters}: what each counted since the proxy started, by event ({@code {"rejected": 3}}), a field Traefik's
 * API does not have. {@link Responses} hides the secrets in them.
 */
final class TraefikJson {
    /** The three kinds of HTTP entity, by their section name in Traefik's JSON. */
    enum Section {
        ROUTERS("routers"), SERVICES("services"), MIDDLEWARES("middlewares");

        final String json;

        Section(String json) {
            this.json = json;
        }
    }

    private final RuntimeView view;
    private final ObjectNode decoded;
    private final ObjectNode fromModel;

    TraefikJson(RuntimeView view, Optional<ObjectNode> traefikJson) {
        this.view = requireNonNull(view, "view");
        this.decoded = traefikJson.map(json -> json.path("http")).filter(ObjectNode.class::isInstance)
                .map(ObjectNode.class::cast).orElseGet(Responses.JSON::createObjectNode);
        this.fromModel = (ObjectNode) TraefikJsonMapper.toJson(view.model()).path("http");
    }

    /** {@code /api/rawdata}: every entity by qualified name, in its section. */
    ObjectNode rawdata() {
        ObjectNode raw = Responses.JSON.createObjectNode();
        for (Section section : Section.values()) {
            ObjectNode entities = raw.putObject(section.json);
            names(section).forEach(name -> entities.set(view.qualified(name), entity(section, name)));
        }
        return raw;
    }

    /** The names of one section, sorted. */
    List<String> names(Section section) {
        return new ArrayList<>(statuses(section).keySet());
    }

    Map<String, EntityStatus> statuses(Section section) {
        return switch (section) {
            case ROUTERS -> view.routers();
            case SERVICES -> view.services();
            case MIDDLEWARES -> view.middlewares();
        };
    }

    /** One entity as the list endpoints show it: the rawdata object plus {@code name}, {@code provider}, type. */
    ObjectNode listed(Section section, String name) {
        ObjectNode entity = entity(section, name);
        entity.put("name", view.qualified(name));
        entity.put("provider", view.provider());
        switch (section) {
            case ROUTERS -> {
                if (entity.has("priority")) {
                    entity.put("priorityStr", entity.get("priority").asText());
                }
            }
            case SERVICES -> view.model().service(name)
                    .ifPresent(service -> entity.put("type", service.type().toLowerCase(Locale.ROOT)));
            case MIDDLEWARES -> {
                view.model().middleware(name)
                        .ifPresent(middleware -> entity.put("type", middleware.type().toLowerCase(Locale.ROOT)));
                entity.set("counters", counters(name));
            }
        }
        return entity;
    }

    /** What the middleware named {@code name} counted, by event: {@code {"rejected": 3}}. */
    ObjectNode counters(String name) {
        ObjectNode counters = Responses.JSON.createObjectNode();
        view.middlewareEvents(name).forEach(counters::put);
        return counters;
    }

    /**
     * The entity as configured, with Traefik's decode-time defaults ({@code {"rateLimit": {"average": 10, ...}}});
     * from the model where the keys were Traefik 1.x's (a v1 frontend's middlewares).
     */
    ObjectNode configured(Section section, String name) {
        JsonNode configured = decoded.path(section.json).path(name);
        if (!configured.isObject()) {
            configured = fromModel.path(section.json).path(name);
        }
        return configured.isObject() ? ((ObjectNode) configured).deepCopy() : Responses.JSON.createObjectNode();
    }

    private ObjectNode entity(Section section, String name) {
        ObjectNode entity = configured(section, name);
        EntityStatus status = statuses(section).get(name);
        if (section == Section.ROUTERS && entity.get("middlewares") instanceof ArrayNode refs) {
            ArrayNode qualified = Responses.JSON.createArrayNode();
            refs.forEach(ref -> qualified.add(view.qualified(ref.asText())));
            entity.set("middlewares", qualified);
        }
        entity.put("status", status.status().json());
        if (!status.errors().isEmpty()) {
            ArrayNode errors = entity.putArray("error");
            status.errors().forEach(errors::add);
        }
        if (section == Section.ROUTERS && !view.using(name).isEmpty()) {
            ArrayNode using = entity.putArray("using");
            view.using(name).forEach(using::add);
        }
        if (!status.usedBy().isEmpty()) {
            ArrayNode usedBy = entity.putArray("usedBy");
            status.usedBy().forEach(usedBy::add);
        }
        if (section == Section.SERVICES && view.inUse(name)) {
            showStickyCookieName(entity, name);
        }
        if (section == Section.SERVICES && view.inUse(name) && view.servers().containsKey(name)
                && status.status() != EntityStatus.Kind.DISABLED) {
            ObjectNode serverStatus = entity.putObject("serverStatus");
            for (ServerState server : view.servers().get(name)) {
                if (!"DOWN".equals(serverStatus.path(server.url()).asText())) {
                    serverStatus.put(server.url(), server.traefikStatus());
                }
            }
        }
        return entity;
    }

    /** Sets {@code sticky.cookie.name} of the service's settings to the name its cookie has on the wire. */
    private void showStickyCookieName(ObjectNode entity, String name) {
        Optional<StickyCookie> cookie = Optional.empty();
        String settings = null;
        if (view.model().service(name).orElse(null) instanceof LoadBalancerService loadBalancer) {
            cookie = loadBalancer.sticky();
            settings = "loadBalancer";
        } else if (view.model().service(name).orElse(null) instanceof WeightedService weighted) {
            cookie = weighted.sticky();
            settings = "weighted";
        }
        if (cookie.isPresent() && entity.path(settings).path("sticky").path("cookie") instanceof ObjectNode json) {
            json.put("name", StickyCookieSpec.of(cookie.get(), view.qualified(name)).name());
        }
    }

    /**
     * {@code /api/overview}: counts per section with warnings and errors, features and providers; the TCP and UDP
     * counts are those of {@code /api/tcp} and {@code /api/udp} ({@code streams}), then those of
     * {@code /api/certificates} ({@code certificates}).
     */
    ObjectNode overview(StreamApiJson streams, ObjectNode certificates) {
        ObjectNode overview = Responses.JSON.createObjectNode();
        ObjectNode http = overview.putObject("http");
        for (Section section : Section.values()) {
            http.set(section.json, counts(statuses(section)));
        }
        for (StreamApiJson.Section section : StreamApiJson.Section.values()) {
            overview.withObject("/" + section.protocol).set(section.kind, streams.counts(section));
        }
        overview.set("certificates", certificates);
        ObjectNode features = overview.putObject("features");
        features.put("tracing", "");
        features.put("metrics", "Prometheus");
        features.put("accessLog", false);
        overview.putArray("providers").add(view.provider());
        return overview;
    }

    /** Traefik v1's {@code /api/providers}: the v1 backends and frontends under the provider name. */
    ObjectNode providers(Optional<ObjectNode> traefikJson) {
        ObjectNode providers = Responses.JSON.createObjectNode();
        ObjectNode provider = providers.putObject(view.provider());
        for (String part : List.of("backends", "frontends")) {
            JsonNode section = traefikJson.map(json -> json.path(part)).orElse(Responses.JSON.missingNode());
            provider.set(part, section.isObject() ? section.deepCopy() : Responses.JSON.createObjectNode());
        }
        return providers;
    }

    private static ObjectNode counts(Map<String, EntityStatus> statuses) {
        ObjectNode counts = Responses.JSON.createObjectNode();
        counts.put("total", statuses.size());
        counts.put("warnings", statuses.values().stream().filter(s -> s.status() == EntityStatus.Kind.WARNING).count());
        counts.put("errors", statuses.values().stream().filter(s -> s.status() == EntityStatus.Kind.DISABLED).count());
        return counts;
    }
}
